package halopsa

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
	api "github.com/tandemhq/tandem/integrations/halopsa"
)

// Tickets is the outbox's chat for HaloPSA: a room is a ticket, its
// channel the ticket id.
type Tickets struct {
	api   *api.Client
	sec   *Section
	cfg   *config.Config
	teams map[string]string // Tandem team → Halo team
	ref   string            // this deployment's Redis prefix, in ticket references
}

// Platform is "halopsa".
func (t *Tickets) Platform() string { return Name }

// MaxRoomName bounds the room name; the ticket's summary is built from the
// incident, not from it.
func (t *Tickets) MaxRoomName() int { return 100 }

// CreateRoom opens the incident's ticket, or returns the one an earlier
// attempt opened (found by its client reference): the outbox saves the
// channel only after this returns, so a crash in between retries here.
func (t *Tickets) CreateRoom(ctx context.Context, name string, inc incident.Incident) (string, string, error) {
	ref := t.reference(inc)
	if found, ok, err := t.api.FindTicket(ctx, ref); err != nil || ok {
		return strconv.Itoa(found.ID), name, err
	}
	tk, err := t.api.CreateTicket(ctx, api.Ticket{
		Summary: summary(inc), Details: t.details(inc, ref),
		TicketTypeID: t.sec.TicketTypeID, ClientID: t.sec.Client, PriorityID: t.sec.Priorities[inc.Severity.String()],
		StatusID: t.sec.Statuses.New, Team: t.teamOf(inc), ClientReference: ref,
	})
	if err != nil {
		return "", "", err
	}
	return strconv.Itoa(tk.ID), name, nil
}

// maxSummary keeps a ticket's summary within what Halo's list views show.
const maxSummary = 150

// summary is the ticket's one line: the incident ID and title, cut short.
func summary(inc incident.Incident) string {
	s := inc.ID + ": " + inc.Title
	if r := []rune(s); len(r) > maxSummary {
		s = string(r[:maxSummary-1]) + "…"
	}
	return s
}

// reference names the incident's ticket: the incident, which of its rooms
// (a reopened incident gets a new ticket) and a hash of the deployment's
// prefix, so two deployments sharing one Halo never match each other's.
func (t *Tickets) reference(inc incident.Incident) string {
	sum := sha256.Sum256([]byte(t.ref + "/" + inc.ID + "/" + strconv.Itoa(inc.RoomsClosed)))
	return fmt.Sprintf("%s/%d/%s", inc.ID, inc.RoomsClosed, hex.EncodeToString(sum[:6]))
}

// incidentOf is the incident a ticket reference names ("" for none).
func incidentOf(ref string) string {
	id, _, ok := strings.Cut(ref, "/")
	if !ok {
		return ""
	}
	return id
}

// details is the ticket's description: what the incident is and where.
func (t *Tickets) details(inc incident.Incident, ref string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tandem incident %s [%s]: %s\n", inc.ID, inc.Severity, inc.Title)
	if inc.Service != "" {
		fmt.Fprintf(&b, "Service: %s\n", inc.Service)
	}
	fmt.Fprintf(&b, "Opened %s by %s.\n", inc.OpenedAt.In(t.cfg.Location).Format("2006-01-02 15:04 MST"), inc.OpenedBy.FromPlatform())
	if t.sec.IncidentURL != "" {
		fmt.Fprintf(&b, "Incident: %s\n", strings.ReplaceAll(t.sec.IncidentURL, "{id}", inc.ID))
	}
	b.WriteString("\n" + chat.MarkerPrefix + ref + "]")
	return b.String()
}

// teamOf is the Halo team a ticket goes to: that of the first team paged
// with one, else that of the service's owner ("" leaves Halo's default).
func (t *Tickets) teamOf(inc incident.Incident) string {
	for _, team := range inc.Paged {
		if h := t.teams[team]; h != "" {
			return h
		}
	}
	for _, s := range t.cfg.Services {
		if s.Name == inc.Service {
			return t.teams[s.Owner]
		}
	}
	return ""
}

// PostCard writes nothing: the ticket itself is the card (its summary,
// priority and status), so its "message" is the ticket.
func (t *Tickets) PostCard(_ context.Context, channel string, _ chat.PostKey, _ incident.Incident) (string, error) {
	return "ticket/" + channel, nil
}

// UpdateCard does nothing: every change the card would show is a note on
// the ticket, and acknowledgement and resolution move its status.
func (t *Tickets) UpdateCard(context.Context, string, string, incident.Incident) error { return nil }

// Invite does nothing: a ticket has no members.
func (t *Tickets) Invite(context.Context, string, string) error { return nil }

// NamedOnly says that an incident gets a ticket only when a team of its
// follows HaloPSA (channels: {halopsa: <Halo team>}), never as one of
// "every platform" for an incident no team speaks for.
func (t *Tickets) NamedOnly() bool { return true }

// RoomLink names the ticket.
func (t *Tickets) RoomLink(channel string) string { return "HaloPSA ticket #" + channel }

// isTicket reports whether a channel is a ticket id (digits) rather than a
// team's Halo team name.
func isTicket(channel string) bool {
	if channel == "" {
		return false
	}
	for _, r := range channel {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
