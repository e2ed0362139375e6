package delivery

import (
	"context"
	"fmt"
	"strings"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// invite adds the paged person to the room. Their user on the platform is
// planned with the effect (Data[incident.DataUser], "" when they have no
// account there), so delivery needs no directory. An effect planned by an
// older version carries only the person's name: its user is looked up the
// way that version did when delivering (Invitees), so what is already in
// the outbox when a replica is upgraded still invites.
func (d *Worker) invite(ctx context.Context, e incident.Effect) error {
	c, room, err := d.readyRoom(ctx, e)
	if err != nil {
		return err
	}
	user, err := d.invitee(e)
	if err != nil || user == "" {
		return err // "": this person has no account on that platform
	}
	return c.Invite(ctx, room.Channel, user)
}

// invitee is the user e invites: planned with it, or looked up by name.
func (d *Worker) invitee(e incident.Effect) (string, error) {
	if user, ok := e.Data[incident.DataUser]; ok {
		return user, nil
	}
	user, ok := d.opt.Invitees.InviteeUser(e.Person, e.Platform)
	if !ok {
		return "", chat.Permanent(fmt.Errorf("%q is not a configured member", e.Person))
	}
	return user, nil
}

// channelPost posts in a team's channel; "{room}" becomes a link to the
// incident's room, once the room exists.
func (d *Worker) channelPost(ctx context.Context, e incident.Effect, retry bool) error {
	c, err := d.chat(e.Platform)
	if err != nil {
		return err
	}
	key, err := d.postKey(ctx, e.ID, retry)
	if err != nil {
		return err
	}
	if e.Channel == incident.InRoom {
		return d.roomPost(ctx, c, e, key)
	}
	text := e.Text
	if strings.Contains(text, "{room}") {
		room, err := d.roomReady(ctx, e.Incident, e.Platform)
		switch {
		case chat.IsPermanent(err):
			// The post still matters more than the link: say there is no room.
			text = strings.ReplaceAll(text, "{room}", "(no room on "+e.Platform+": "+room.Failed+")")
		case err != nil:
			return err
		default:
			text = strings.ReplaceAll(text, "{room}", c.RoomLink(room.Channel))
		}
	}
	return c.Post(ctx, e.Channel, key, text)
}

// roomPost posts a channel post in the incident's room on e.Platform (a
// team told in its thread room), once the room exists.
func (d *Worker) roomPost(ctx context.Context, c Chat, e incident.Effect, key chat.PostKey) error {
	room, err := d.roomReady(ctx, e.Incident, e.Platform)
	if err != nil {
		return err
	}
	return c.Post(ctx, room.Channel, key, e.Text)
}

// page sends a page effect to the pager, unless it is a trigger for an
// incident resolved meanwhile.
func (d *Worker) page(ctx context.Context, e incident.Effect) error {
	if d.opt.Pager == nil {
		if e.Data[incident.DataAction] == incident.PageTrigger {
			d.opt.Metrics.Paged(e.Team, e.Data[incident.DataSide]) // told in the team's channel only
		}
		return nil
	}
	inc, err := d.store.Get(ctx, e.Incident)
	if err != nil {
		return err
	}
	if e.Data[incident.DataAction] == incident.PageTrigger && inc.Status == incident.StatusResolved {
		// Deliveries run side by side and a dead worker's come back 30 s
		// later, so a trigger can come after the incident's resolve went
		// out: sent then, it would open a new PagerDuty incident (its
		// dedup key closed) and page someone for nothing.
		d.log.Info("page not sent: the incident was resolved before it went out", "incident", e.Incident, "team", e.Team)
		return nil
	}
	if err := d.opt.Pager.Page(ctx, e, inc); err != nil {
		return err
	}
	if e.Data[incident.DataAction] == incident.PageTrigger {
		d.opt.Metrics.Paged(e.Team, e.Data[incident.DataSide])
	}
	return nil
}
