package halopsa

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	api "github.com/tandemhq/tandem/integrations/halopsa"
)

// PostEvent writes one timeline entry as an action on the ticket. The
// acknowledgement moves the ticket to statuses.acknowledged, an unack or
// a reopening back to statuses.new, the resolve to statuses.resolved with
// the resolution note. Entries that came from
// Halo (the webhook's acks, resolves and notes) are on the ticket already.
func (t *Tickets) PostEvent(ctx context.Context, channel string, key chat.PostKey, e incident.Event) error {
	if e.Actor.Platform == Name {
		return nil
	}
	a := api.Action{Note: chat.FormatEvent(e, t.cfg.Location), Outcome: "Tandem", HiddenFromUser: !chat.TicketPublic(e.Kind)}
	switch e.Kind {
	case incident.KindSeverityChanged:
		// The priority first: setting it again is harmless, and a note
		// written first would make a retry skip the priority.
		if err := t.priority(ctx, channel, e.Details[incident.DetailTo]); err != nil {
			return err
		}
	case incident.KindAcked:
		a.NewStatus = t.sec.Statuses.Acknowledged
	case incident.KindUnacked, incident.KindReopened:
		// Back to new (when configured), as ConnectWise's ticket goes: a
		// reopened incident's ticket must not stay resolved, and an
		// unacked one's agent must be able to acknowledge it again.
		a.NewStatus = t.sec.Statuses.New
	case incident.KindResolved:
		a.NewStatus, a.Outcome = t.sec.Statuses.Resolved, "Resolved"
	}
	return t.write(ctx, channel, key, a)
}

// priority keeps the ticket's priority in step with the severity, when
// priorities maps it.
func (t *Tickets) priority(ctx context.Context, channel, severity string) error {
	p := t.sec.Priorities[severity]
	if p == 0 {
		return nil
	}
	id, err := ticketID(channel)
	if err != nil {
		return err
	}
	return t.api.SetPriority(ctx, id, p)
}

// Post writes text as an internal note when channel is a ticket (a room
// post, the room's last line). A team's channel on Halo is a Halo team,
// not a place to post: its page notices are on the ticket already.
func (t *Tickets) Post(ctx context.Context, channel string, key chat.PostKey, text string) error {
	if !isTicket(channel) {
		return nil
	}
	return t.write(ctx, channel, key, api.Action{Note: text, Outcome: "Tandem", HiddenFromUser: true})
}

// CloseRoom makes sure the ticket is resolved: the resolve closed it
// already, unless an agent reopened it since. A ticket deleted in Halo is
// closed too (as ConnectWise's): no retry could close it.
func (t *Tickets) CloseRoom(ctx context.Context, channel string) (string, error) {
	id, err := ticketID(channel)
	if err != nil {
		return "", err
	}
	tk, err := t.api.Ticket(ctx, id)
	if api.IsNotFound(err) {
		return "already closed", nil
	}
	if err != nil {
		return "", err
	}
	if tk.StatusID == t.sec.Statuses.Resolved {
		return "already closed", nil
	}
	key := chat.PostKey{ID: "close/" + channel + "/" + strconv.Itoa(tk.StatusID), Retry: true}
	a := api.Action{Note: "Closed by Tandem: the incident is resolved.", Outcome: "Tandem", HiddenFromUser: true,
		NewStatus: t.sec.Statuses.Resolved}
	return "closed", t.write(ctx, channel, key, a)
}

// write adds a on the ticket with the key's marker at the end of its
// note. With key.Retry an action already carrying the marker (an earlier
// attempt that went through) is the answer, and nothing is written.
func (t *Tickets) write(ctx context.Context, channel string, key chat.PostKey, a api.Action) error {
	id, err := ticketID(channel)
	if err != nil {
		return err
	}
	marker := key.Marker()
	if key.Retry {
		acts, err := t.api.Actions(ctx, id)
		if err != nil {
			return err
		}
		for _, old := range acts {
			if strings.Contains(old.Note, marker) {
				return nil
			}
		}
	}
	a.TicketID, a.Note = id, a.Note+"\n\n"+marker
	_, err = t.api.AddAction(ctx, a)
	return err
}

// ticketID reads a ticket channel.
func ticketID(channel string) (int, error) {
	id, err := strconv.Atoi(channel)
	if err != nil || id <= 0 {
		return 0, chat.Permanent(fmt.Errorf("halopsa: %q is not a ticket id", channel))
	}
	return id, nil
}
