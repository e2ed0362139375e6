package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// call is one chat command with what dispatch found out: the asker as a
// member and as an actor and, for a command whose grammar takes an
// incident ID (chat.Def.TakesID), the incident, read and authorized.
type call struct {
	cmd    chat.Command
	member *Member
	by     incident.Actor
	inc    incident.Incident
}

// command answers one /incident command.
type command func(s *Service, ctx context.Context, c call) (chat.Response, error)

// commands maps each command of the grammar (chat.Defs) to its handler.
// Adding a command is one Def in chat/grammar.go and one row here; whether
// dispatch finds the incident first comes from the Def. help is answered
// before the asker is looked up (handle), so it has no row.
var commands = map[string]command{
	"declare": func(s *Service, ctx context.Context, c call) (chat.Response, error) {
		return s.declare(ctx, c.cmd, c.member, c.by)
	},
	"list":   func(s *Service, ctx context.Context, c call) (chat.Response, error) { return s.list(ctx, c.member) },
	"oncall": oncallCommand,
	"report": func(s *Service, ctx context.Context, c call) (chat.Response, error) {
		return s.report(ctx, c.cmd, c.member)
	},
	"status":      statusCommand,
	"timeline":    func(s *Service, ctx context.Context, c call) (chat.Response, error) { return s.timeline(ctx, c.inc) },
	"escalate":    escalateCommand,
	"ack":         changing(ackChange),
	"resolve":     changing(resolveChange),
	"note":        changing(noteChange),
	"sev":         changing(sevChange),
	"assign":      changing(func(s *Service, c call) (transition, reply) { return s.assign(c.cmd, c.by) }),
	"snooze":      changing(snoozeChange),
	"maintenance": maintenanceCommand,
	"evidence":    evidenceCommand,
	"review":      reviewCommand,
}

func statusCommand(s *Service, _ context.Context, c call) (chat.Response, error) {
	return chat.Private(strings.Join(chat.StatusLines(c.inc, s.opt.Now()), "\n")), nil
}

func escalateCommand(s *Service, ctx context.Context, c call) (chat.Response, error) {
	after, err := s.escalate(ctx, c.inc.ID, c.cmd.Target, c.by)
	if err != nil {
		return chat.Response{}, err
	}
	return chat.Reply(fmt.Sprintf("⏫ %s escalated by %s (%s)", after.ID, c.by, strings.Join(after.Paged, ", "))), nil
}
