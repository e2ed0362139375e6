package handlers

import (
	"slices"
	"strings"

	"github.com/tandemhq/tandem/incident"
)

// Rooms: on which chat platforms an incident has a room. With one chat
// platform, that is the one. With Slack and Discord both configured, one
// incident is mirrored on the platforms its people use: the platform it
// was declared on, the platforms of the team that owns its service (told
// first, before the ladder has paged anyone), and the platforms of every
// team paged since. When none of these names a configured platform, every
// configured platform gets a room. The rooms show one timeline: each room
// replays every entry through its own cursor. A team with thread rooms
// takes part through its thread (threads.go) in place of a channel room on
// that platform.

// roomPlatforms returns, in Platforms order, the platforms on which inc has
// or is to have a room. Its inputs only grow over an incident's life (Room,
// Paged) or never change (OpenedBy, Service), so the set only grows: a
// platform joins it once, which is when its room is created.
func (s *Service) roomPlatforms(inc incident.Incident) []string {
	want := map[string]bool{}
	if slices.Contains(s.opt.Platforms, inc.OpenedBy.Platform) {
		want[s.declarerRoom(inc.OpenedBy)] = true
	}
	if _, rule := s.serviceRule(inc.Service); rule.Owner != "" {
		s.addTeamPlatforms(want, rule.Owner)
	}
	if !s.namesChatRoom(want) {
		// Nothing names a configured chat: every platform (no team's
		// thread), and the tickets of the teams that follow a PSA.
		return s.withNamedOnly(s.channelRooms(), inc, want)
	}
	for p := range inc.Room {
		want[p] = true
	}
	for _, team := range inc.Paged {
		s.addTeamPlatforms(want, team)
	}
	var out []string
	for _, p := range s.opt.Platforms {
		if want[p] {
			out = append(out, p)
		}
	}
	return out
}

func (s *Service) addTeamPlatforms(want map[string]bool, team string) {
	t, ok := s.opt.Directory.Team(team)
	if !ok {
		return
	}
	for p := range t.Channels {
		want[teamRoomPlatform(t, p)] = true
	}
}

// declarerRoom is the room platform of whoever declared an incident: the
// platform they declared on, or their team's thread there.
func (s *Service) declarerRoom(by incident.Actor) string {
	if m, ok := s.opt.Directory.Member(by.Name); ok {
		if t, ok := s.opt.Directory.Team(m.Team); ok {
			return teamRoomPlatform(t, by.Platform)
		}
	}
	return by.Platform
}

// planRooms adds the room effects of a change: room.create (with its
// deterministic ID, so the room is created once) for each platform that
// joins the incident's rooms with this change, and room.sync for each
// platform already there, which posts the change and edits the card. A new
// room needs no sync: its creation records room.created, whose sync replays
// the whole timeline into it.
func (p *planner) planRooms(before incident.Incident) {
	after := p.c.Incident
	var had []string
	if before.Version > 0 {
		had = p.s.roomPlatforms(before)
	}
	for _, platform := range p.s.roomPlatforms(after) {
		if after.RoomClosed(platform) {
			p.planClosedRoom(before, platform)
			continue
		}
		if slices.Contains(had, platform) || after.Room[platform] != "" {
			p.effect(incident.Effect{Kind: incident.EffectRoomSync, Incident: after.ID, Platform: platform})
			continue
		}
		p.effect(incident.Effect{ID: after.ID + "/room.create/" + platform, Kind: incident.EffectRoomCreate, Incident: after.ID, Platform: platform})
	}
}

// roomText fills "{room}" for a post on platform: the delivery links the
// room there when the incident has one on that platform; otherwise the
// text says where its rooms are, rather than wait for a room that will
// never exist.
func roomText(text, platform string, rooms []string) string {
	if slices.Contains(rooms, platform) || !strings.Contains(text, "{room}") {
		return text
	}
	where := make([]string, len(rooms))
	for i, r := range rooms {
		where[i] = roomLabel(r)
	}
	return strings.ReplaceAll(text, "{room}", "on "+strings.Join(where, " and "))
}
