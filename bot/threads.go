package bot

import (
	"slices"

	"github.com/tandemhq/tandem/config"
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
