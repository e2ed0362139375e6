package config

import "slices"

// Values of a team's slack_rooms.
const (
	// SlackRoomsChannel: the team's members are invited into each
	// incident's own Slack channel (the default).
	SlackRoomsChannel = "channel"
	// SlackRoomsThread: the team takes part in each incident in a thread
	// of its slack_channel, for members who cannot be invited into a
	// channel (MSP staff in their own workspace, reaching the customer
	// through a Slack Connect channel).
	SlackRoomsThread = "thread"
)

// ThreadRooms reports whether the team runs incidents in threads of its
// Slack channel.
func (t *Team) ThreadRooms() bool { return t != nil && t.SlackRooms == SlackRoomsThread }

func (v *validator) threadRooms() {
	for _, name := range sortedKeys(v.c.Teams) {
		t, p := v.c.Teams[name], "teams."+name+".slack_rooms"
		if t == nil {
			continue
		}
		if !slices.Contains([]string{"", SlackRoomsChannel, SlackRoomsThread}, t.SlackRooms) {
			v.rep.errf(p, "must be channel or thread, not %q", t.SlackRooms)
			continue
		}
		if !t.ThreadRooms() {
			continue
		}
		if t.Channels["slack"] == "" {
			v.rep.errf(p, "thread needs the team's slack_channel: the incident threads are posted there")
		}
		if !v.c.Slack.Configured() {
			v.rep.errf(p, "thread needs Slack (the slack section): the incident threads are Slack threads")
		}
	}
}
