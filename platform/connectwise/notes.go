package connectwise

import (
	"context"
	"strings"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	cw "github.com/tandemhq/tandem/integrations/connectwise"
)

// PostEvent writes one timeline entry as a note on the ticket (once: with
// key.Retry, a note already bearing the key's marker is not written
// again), then keeps the ticket's status and priority in step (follow).
// Entries that came from ConnectWise (a member's status move or note) are
// on the ticket already: written again, a member's internal note would
// come back as a second, discussion (customer-visible) note.
func (t *Tickets) PostEvent(ctx context.Context, channel string, key chat.PostKey, e incident.Event) error {
	if e.Actor.Platform == cw.Platform {
		return nil
	}
	id, err := cw.ParseTicketID(channel)
	if err != nil {
		return chat.Permanent(err)
	}
	n := cw.Note{Text: chat.FormatEvent(e, t.loc)}
	switch {
	case e.Kind == incident.KindResolved:
		n.ResolutionFlag = true
	case chat.TicketPublic(e.Kind):
		n.DetailDescriptionFlag = true // the discussion, which the customer's portal shows
	default:
		n.InternalAnalysisFlag = true
	}
	if err := t.note(ctx, id, key, n); err != nil {
		return err
	}
	return t.follow(ctx, id, e)
}

// follow keeps the ticket in step with an entry: its status for an ack,
// an unack or a reopening (back to new) and a resolve; its priority for a
// severity change (when priorities are configured). Replacing a field
// with its value is harmless, so a retry may repeat it.
func (t *Tickets) follow(ctx context.Context, id int, e incident.Event) error {
	if e.Kind == incident.KindSeverityChanged {
		if p := t.sec.Priorities[e.Details[incident.DetailTo]]; p != "" {
			return t.api.SetPriority(ctx, id, p)
		}
		return nil
	}
	status := map[incident.Kind]string{incident.KindAcked: t.sec.Statuses.Acknowledged, incident.KindUnacked: t.sec.Statuses.New,
		incident.KindReopened: t.sec.Statuses.New, incident.KindResolved: t.sec.Statuses.Resolved}[e.Kind]
	if status == "" {
		return nil
	}
	return t.api.SetStatus(ctx, id, status)
}

// Post writes text as an internal note when channel is a ticket (the
// room's last line). A team's channel on ConnectWise is its board, not a
// place to post: page notices for it are left out.
func (t *Tickets) Post(ctx context.Context, channel string, key chat.PostKey, text string) error {
	id, err := cw.ParseTicketID(channel)
	if err != nil {
		t.log.Debug("not posted: a ConnectWise channel that is not a ticket takes no posts", "channel", channel)
		return nil
	}
	return t.note(ctx, id, key, cw.Note{Text: text, InternalAnalysisFlag: true})
}

// note writes n on ticket id with the key's marker at its end, unless an
// attempt that may have written it (key.Retry) did.
func (t *Tickets) note(ctx context.Context, id int, key chat.PostKey, n cw.Note) error {
	mark := key.Marker()
	if key.Retry {
		notes, err := t.api.Notes(ctx, id)
		if err != nil {
			return err
		}
		for _, old := range notes {
			if strings.HasSuffix(old.Text, mark) {
				return nil
			}
		}
	}
	n.Text += "\n" + mark
	_, err := t.api.AddNote(ctx, id, n)
	return err
}

// CloseRoom resolves the ticket unless it is closed already (the resolve
// entry closes it; a person may have too).
func (t *Tickets) CloseRoom(ctx context.Context, channel string) (string, error) {
	id, err := cw.ParseTicketID(channel)
	if err != nil {
		return "", chat.Permanent(err)
	}
	tk, err := t.api.Ticket(ctx, id)
	switch {
	case cw.IsNotFound(err):
		return "already closed", nil // deleted in ConnectWise
	case err != nil:
		return "", err
	case tk.ClosedFlag || tk.StatusName() == t.sec.Statuses.Resolved:
		return "already closed", nil
	}
	if err := t.api.SetStatus(ctx, id, t.sec.Statuses.Resolved); err != nil {
		return "", err
	}
	return "closed", nil
}
