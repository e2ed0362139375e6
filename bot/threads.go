package bot

import (
	"context"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/slack"
)

var (
	_ Chat         = (*slack.ThreadRoom)(nil)
	_ FileUploader = (*slack.ThreadRoom)(nil)
)

// setupThreadRooms adds, for each team with slack_rooms: thread, its
// thread rooms as one more chat platform ("slack#thread:<team>") served by
// the Slack client: the outbox then creates, syncs and mirrors each
// incident's thread like any room, with its own cursor.
func (b *Bot) setupThreadRooms(client *slack.Client) {
	for name, t := range b.cfg.Teams {
		if t.ThreadRooms() {
			b.chats[slack.ThreadPlatform(name)] = client.ThreadRoom(name, t.SlackChannel)
		}
	}
}

// threadRoom is the platform key of team name's thread rooms when it has
// them and they are wired, else "".
func threadRoom(name string, t *config.Team, platforms []string) string {
	key := slack.ThreadPlatform(name)
	if !t.ThreadRooms() || !slices.Contains(platforms, key) {
		return ""
	}
	return key
}

// basePlatform is the chat platform a room key belongs to ("slack" for a
// thread room), which says which of a member's accounts to use.
func basePlatform(platform string) string {
	base, _, _ := strings.Cut(platform, "#")
	return base
}

// roomPost posts a channel post in the incident's room on e.Platform (a
// team told in its thread room), once the room exists.
func (d *deliverer) roomPost(ctx context.Context, c Chat, e incident.Effect, key chat.PostKey) error {
	room, err := d.roomReady(ctx, e.Incident, e.Platform)
	if err != nil {
		return err
	}
	return c.Post(ctx, room.Channel, key, e.Text)
}

// inRoom reports whether a channel post goes into the incident's room.
func inRoom(e incident.Effect) bool { return e.Channel == handlers.InRoom }
