package connectwise

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	cw "github.com/tandemhq/tandem/integrations/connectwise"
)

// Tickets is ConnectWise as the outbox sees a chat: an incident's room is
// a service ticket (its ID is the room's channel), each timeline entry a
// note on it.
type Tickets struct {
	api *cw.Client
	sec *Section
	loc *time.Location
	now func() time.Time
	log *slog.Logger
}

// Platform is "connectwise".
func (t *Tickets) Platform() string { return cw.Platform }

// MaxRoomName is ConnectWise's summary limit.
func (t *Tickets) MaxRoomName() int { return 100 }

// xref is the ticket's externalXRef: the incident, when it opened
// (another deployment's INC-7 is another incident) and, after a reopening,
// the ticket it replaces, so each room of the incident has its own.
func xref(inc incident.Incident) string {
	ref := "tandem:" + inc.ID + "@" + strconv.FormatInt(inc.OpenedAt.UnixMilli(), 10)
	if closed := inc.Closed[cw.Platform]; closed != "" {
		ref += "/after:" + closed
	}
	return ref
}

// CreateRoom opens the incident's ticket, or returns the one an earlier
// attempt opened (found by its externalXRef): the outbox saves the room
// only after this returns, so a crash in between must not open a second.
func (t *Tickets) CreateRoom(ctx context.Context, name string, inc incident.Incident) (string, string, error) {
	ref := xref(inc)
	old, found, err := t.api.TicketByXRef(ctx, ref)
	switch {
	case err != nil:
		return "", "", err
	case found:
		t.log.Info("ticket found, opened by an earlier attempt", "incident", inc.ID, "ticket", old.ID)
		return strconv.Itoa(old.ID), name, nil
	}
	tk := cw.Ticket{Summary: summary(inc), Board: cw.Ref{Name: t.sec.Board}, Company: cw.CompanyRef{Identifier: t.sec.Company},
		InitialDescription: t.description(inc), ExternalXRef: ref}
	if p := t.sec.Priorities[inc.Severity.String()]; p != "" {
		tk.Priority = &cw.Ref{Name: p}
	}
	if t.sec.Statuses.New != "" {
		tk.Status = &cw.Ref{Name: t.sec.Statuses.New}
	}
	created, err := t.api.CreateTicket(ctx, tk)
	if err != nil {
		return "", "", err
	}
	t.log.Info("ticket opened", "incident", inc.ID, "ticket", created.ID)
	return strconv.Itoa(created.ID), name, nil
}

// summary is the ticket's summary: severity, incident and title, within
// ConnectWise's 100 characters.
func summary(inc incident.Incident) string {
	s := fmt.Sprintf("[%s] %s: %s", inc.Severity, inc.ID, inc.Title)
	if len(s) > 100 {
		s = strings.ToValidUTF8(s[:97], "") + "..."
	}
	return s
}

// description is the ticket's initial description: the incident's status
// lines and where to follow it. No chat room link is at hand here (rooms
// are other platforms'), so it names the incident, which every room and
// the API (GET /api/v1/incidents/<id>) know it by.
func (t *Tickets) description(inc incident.Incident) string {
	lines := append([]string{"Tandem incident " + inc.ID + ": " + inc.Title}, chat.StatusLines(inc, t.clock())...)
	lines = append(lines, "", "Its timeline follows as notes; the chat rooms and Tandem's API know it as "+inc.ID+".",
		chat.MarkerPrefix+"ticket]")
	return strings.Join(lines, "\n")
}

// PostCard writes nothing: the ticket's summary and description are its
// card. The card's ID is the ticket's.
func (t *Tickets) PostCard(_ context.Context, channel string, _ chat.PostKey, _ incident.Incident) (string, error) {
	return channel, nil
}

// UpdateCard does nothing: the changes a card would show (ack, resolve)
// move the ticket's status when their timeline entries are written.
func (t *Tickets) UpdateCard(context.Context, string, string, incident.Incident) error { return nil }

// Invite does nothing: a ticket has no members to add.
func (t *Tickets) Invite(context.Context, string, string) error { return nil }

// NamedOnly says that an incident gets a ticket only when a team of its
// follows ConnectWise (channels: {connectwise: <board>}), never as one of
// "every platform" for an incident no team speaks for.
func (t *Tickets) NamedOnly() bool { return true }

// RoomLink names the ticket.
func (t *Tickets) RoomLink(channel string) string { return "ConnectWise ticket #" + channel }

// clock is the time now, the real one when none was given.
func (t *Tickets) clock() time.Time {
	if t.now == nil {
		return time.Now()
	}
	return t.now()
}
