package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// reply is what a state-changing command answers once it changed something.
type reply func(incident.Incident) string

// changing makes a command of a state change: it applies the transition
// to the incident and answers with the reply, or says nothing changed.
func changing(f func(s *Service, c call) (transition, reply)) command {
	return func(s *Service, ctx context.Context, c call) (chat.Response, error) {
		fn, done := f(s, c)
		return s.change(ctx, c, fn, done)
	}
}

// change applies fn to the incident of c.
func (s *Service) change(ctx context.Context, c call, fn transition, done reply) (chat.Response, error) {
	// changed tells whether the attempt that counted made events: the
	// incident may have moved on (a room, a reminder) since it was read
	// above, so versions cannot tell a no-op from a change.
	var changed bool
	after, err := s.update(ctx, c.inc.ID, "", func(i incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		out, events, err := fn(i, now)
		changed = len(events) > 0
		return out, events, err
	})
	if err != nil {
		if incident.ErrorCode(err) == incident.EConflict {
			return chat.Private("Nothing to do: " + incident.ErrorMessage(err)), nil
		}
		return chat.Response{}, err
	}
	if !changed {
		return chat.Private(noChange(c.cmd.Name, after)), nil
	}
	return chat.Reply(done(after)), nil
}

// The state-changing commands: each returns the transition it makes and
// the reply when it changed something.

func ackChange(_ *Service, c call) (transition, reply) {
	return func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			return inc.Ack(c.by, now)
		},
		func(inc incident.Incident) string {
			return fmt.Sprintf("✅ %s acknowledged by %s", inc.ID, c.by.FromPlatform())
		}
}

func resolveChange(_ *Service, c call) (transition, reply) {
	return func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			return inc.Resolve(c.by, c.cmd.Text, now)
		},
		func(inc incident.Incident) string {
			return fmt.Sprintf("🏁 %s resolved by %s", inc.ID, c.by.FromPlatform())
		}
}

func noteChange(_ *Service, c call) (transition, reply) {
	return func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			return inc.Note(c.by, c.cmd.Text, now)
		},
		func(inc incident.Incident) string { return fmt.Sprintf("📝 note added to %s", inc.ID) }
}

func sevChange(_ *Service, c call) (transition, reply) {
	return func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			return inc.SetSeverity(c.by, c.cmd.Severity, now)
		},
		func(inc incident.Incident) string { return fmt.Sprintf("🎚️ %s is now %s", inc.ID, inc.Severity) }
}

func snoozeChange(_ *Service, c call) (transition, reply) {
	return func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			if inc.Status == incident.StatusResolved {
				return inc, nil, incident.Errorf(incident.EConflict, "%s is resolved; it has no reminders", inc.ID)
			}
			until := now.Add(c.cmd.Duration).UTC().Format(time.RFC3339)
			return inc, []incident.Event{incident.NewEvent(now, incident.KindSnoozed, c.by, "until", until, "for", c.cmd.Duration.String())}, nil
		},
		func(inc incident.Incident) string {
			return fmt.Sprintf("😴 reminders for %s paused for %s", inc.ID, c.cmd.Duration)
		}
}

func (s *Service) assign(cmd chat.Command, by incident.Actor) (transition, reply) {
	return func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			m, ok := s.opt.Directory.Member(cmd.Target)
			if !ok {
				m, ok = s.opt.Directory.Lookup(by.Platform, cmd.Target)
			}
			if !ok {
				return inc, nil, incident.Errorf(incident.ENotFound, "%q is not a configured member", cmd.Target)
			}
			return inc.Assign(by, Actor(m, by.Platform, m.userOn(by.Platform)), now)
		},
		func(inc incident.Incident) string {
			return fmt.Sprintf("👤 %s assigned to %s", inc.ID, inc.Assignee)
		}
}

func noChange(cmd string, inc incident.Incident) string {
	switch cmd {
	case "ack":
		return fmt.Sprintf("%s was already acknowledged by %s.", inc.ID, inc.AckedBy)
	case "resolve":
		return fmt.Sprintf("%s was already resolved.", inc.ID)
	}
	return fmt.Sprintf("%s: nothing changed.", inc.ID)
}
