package handlers

import (
	"context"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/incident"
)

// Thread rooms (teams with slack_rooms: thread): the team's room of an
// incident is a thread in the team's own channel, under its own platform
// key ("slack#thread:noc"), so it is created, synced and mirrored like any
// room. In place of the team's channel on the thread's platform, the team
// joins the thread: its members are mentioned there rather than invited
// into a channel, and its page notices are posted in the thread.

// basePlatform is the chat platform a room key is delivered on: "slack"
// for "slack#thread:noc".
func basePlatform(platform string) string {
	base, _, _ := strings.Cut(platform, "#")
	return base
}

// isThreadRoom reports whether platform is a thread room's key.
func isThreadRoom(platform string) bool { return strings.Contains(platform, "#") }

// teamRoomPlatform is the room platform by which team t takes part on
// platform p: its thread room in place of its channel there.
func teamRoomPlatform(t *Team, p string) string {
	if t.ThreadRoom != "" && basePlatform(t.ThreadRoom) == p {
		return t.ThreadRoom
	}
	return p
}

// channelRooms are the configured platforms that are not thread rooms
// (nor named-only, rooms_namedonly.go): what an incident that names no
// platform gets.
func (s *Service) channelRooms() []string {
	var out []string
	for _, p := range s.opt.Platforms {
		if !isThreadRoom(p) && !slices.Contains(s.opt.NamedOnly, p) {
			out = append(out, p)
		}
	}
	return out
}

// invitePlatforms are the rooms in which person is invited (or, in a
// thread, mentioned): every channel room, and no team's thread but their
// own; a member of a thread team is mentioned in the team's thread and
// invited into no channel on that platform (a Slack Connect guest cannot
// be, cant_invite), though into the rooms on other platforms.
func (s *Service) invitePlatforms(inc incident.Incident, person string) []string {
	own := ""
	if m, ok := s.opt.Directory.Member(person); ok {
		if t, ok := s.opt.Directory.Team(m.Team); ok {
			own = t.ThreadRoom
		}
	}
	var out []string
	for _, p := range s.roomPlatforms(inc) {
		switch {
		case p == own:
			out = append(out, p)
		case isThreadRoom(p), own != "" && basePlatform(p) == basePlatform(own):
			// another team's thread, or a channel they cannot be invited into
		default:
			out = append(out, p)
		}
	}
	return out
}

// threadIncident finds the incident whose thread room a request came
// from: a thread of a thread team's channel on the request's platform.
func (s *Service) threadIncident(ctx context.Context, platform, channel, thread string) (string, error) {
	if thread == "" {
		return "", nil
	}
	for _, name := range s.threadTeams(platform, channel) {
		t, _ := s.opt.Directory.Team(name)
		id, err := s.store.IncidentByRoom(ctx, t.ThreadRoom, channel+"/"+thread)
		if err != nil || id != "" {
			return id, err
		}
	}
	return "", nil
}

// threadTeams names the thread teams whose channel on platform is
// channel, in a fixed order.
func (s *Service) threadTeams(platform, channel string) []string {
	var out []string
	for name, t := range s.opt.Directory.Teams {
		if t.ThreadRoom != "" && basePlatform(t.ThreadRoom) == platform && t.Channels[platform] == channel {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// roomLabel is how a text names the room platform p: "Slack", or
// "Slack (noc thread)" for a thread room.
func roomLabel(p string) string {
	base := basePlatform(p)
	label := strings.ToUpper(base[:1]) + base[1:]
	if _, team, ok := strings.Cut(p, "#thread:"); ok {
		label += " (" + team + " thread)"
	}
	return label
}

// teamPost is where a post to team t's channel on platform goes: a team
// that follows the incident in its thread is told there (the thread is
// its room, so the text needs no link to it).
func teamPost(t *Team, platform, channel, text string, rooms []string) (string, string, string) {
	if room := teamRoomPlatform(t, platform); room != platform && slices.Contains(rooms, room) {
		return room, incident.InRoom, strings.Replace(text, " Room: {room}", "", 1)
	}
	return platform, channel, text
}

// threadHint answers a command without an incident ID in a thread team's
// channel: Slack sends a slash command no thread_ts, so a command typed in
// an incident's thread cannot tell which thread it came from; a mention
// can.
const threadHint = "which incident? Slack does not tell Tandem which thread a slash command was typed in: name the incident, e.g. `/incident %s INC-7`, or write `@Tandem %s` in the incident's thread"
