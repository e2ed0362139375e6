package bot

import (
	"testing"

	"github.com/tandemhq/tandem/delivery"
	"github.com/tandemhq/tandem/integrations/slack"
)

// A Slack thread room lives in a team's shared channel: closing it posts
// its last line in the thread and must never archive the channel, so the
// thread room is no RoomCloser.
func TestThreadRoomsAreNeverArchived(t *testing.T) {
	if _, ok := any(&slack.ThreadRoom{}).(delivery.RoomCloser); ok {
		t.Fatal("slack.ThreadRoom closes rooms: closing an incident would archive the team's shared channel")
	}
}
