package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Room lifecycle (rooms.archive_after): resolving sets a durable timer that
// closes the incident's rooms after the grace period; reopening cancels
// it. When it fires, room.closed is recorded and each room gets a
// room.close effect (one per channel), which posts a last line and
// archives or removes the room. A reopening after that gets a new room on
// each platform whose room was closed.

// roomLifecycle adds the timers and effects of the room lifecycle that
// event e calls for.
func (p *planner) roomLifecycle(e incident.Event) {
	switch e.Kind {
	case incident.KindResolved:
		if p.s.opt.ArchiveAfter > 0 {
			p.setTimer(incident.TimerRoomClose, p.now.Add(p.s.opt.ArchiveAfter), nil)
		}
	case incident.KindReopened:
		p.cancel(incident.TimerRoomClose)
	case incident.KindRoomClosed:
		if e.Details[incident.DetailPlatforms] != "" {
			p.closeRooms(strings.Split(e.Details[incident.DetailPlatforms], ","))
		}
	}
}

// closeRooms plans one room.close per room: its ID names the channel, so
// each room is closed once however often the change is replayed.
func (p *planner) closeRooms(platforms []string) {
	inc := p.c.Incident
	for _, platform := range platforms {
		channel := inc.Closed[platform]
		p.effect(incident.Effect{ID: incident.RoomCloseEffectID(inc.ID, platform, channel), Kind: incident.EffectRoomClose,
			Incident: inc.ID, Platform: platform, Channel: channel, Text: closingLine(inc, p.s.opt.ArchiveAfter)})
	}
}

// closingLine is the last message of a closed room: what happens to it and
// where the record stays.
func closingLine(inc incident.Incident, after time.Duration) string {
	return fmt.Sprintf("📦 %s was resolved %s ago: this room is now closed. The timeline stays: `/incident timeline %s` "+
		"in chat, GET /api/v1/incidents/%s, and the post-incident review from `tandem export %s`. If it comes back "+
		"within its source's reopen window, a new room is opened and links here.", inc.ID, chat.Duration(after), inc.ID, inc.ID, inc.ID)
}

// planClosedRoom plans for a platform whose room is closed: nothing while
// the incident stays resolved; the room that replaces it when this change
// reopens the incident; else a sync, which waits for that new room.
func (p *planner) planClosedRoom(before incident.Incident, platform string) {
	after := p.c.Incident
	switch {
	case after.Status == incident.StatusResolved:
	case before.Status == incident.StatusResolved:
		closed := after.Closed[platform]
		p.effect(incident.Effect{ID: incident.ReplacementRoomEffectID(after.ID, platform, closed), Kind: incident.EffectRoomCreate,
			Incident: after.ID, Platform: platform, Data: map[string]string{incident.DataReplaces: closed}})
	default:
		p.effect(incident.Effect{Kind: incident.EffectRoomSync, Incident: after.ID, Platform: platform})
	}
}

// closeRoomsDue runs the room.close timer: a resolved incident's rooms are
// closed; one reopened since (its timer is cancelled, but a claimed timer
// may still run) is left alone.
func (s *Service) closeRoomsDue(ctx context.Context, t incident.Timer) error {
	_, err := s.update(ctx, t.Incident, t.ID, func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		out, events := inc.CloseRooms(now)
		return out, events, nil
	})
	return err
}

// RoomClosed records how closing the room channel of incident id on
// platform went: archived, moved, deleted, or already gone.
func (s *Service) RoomClosed(ctx context.Context, id, platform, channel, outcome string) error {
	_, err := s.update(ctx, id, "", func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		out, events := inc.RoomCloseOutcome(platform, channel, outcome, now)
		return out, events, nil
	})
	return err
}
