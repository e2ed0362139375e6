package bot

import (
	"context"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Chat is a chat platform as the outbox workers use it. Errors may be
// *chat.DeliveryError to say whether and when to retry.
type Chat interface {
	// Platform is "slack", "discord" or "console".
	Platform() string
	// MaxRoomName is the platform's channel-name limit (Slack 80, Discord 100).
	MaxRoomName() int
	// CreateRoom creates the incident's room and returns its channel ID and
	// the name it got (a taken name gets a suffix).
	CreateRoom(ctx context.Context, name string, inc incident.Incident) (channel, finalName string, err error)
	// PostCard posts the incident card and returns its message ID. Like
	// every post it carries its key: with key.Retry, a card found already
	// posted under that key is returned instead of posting another.
	PostCard(ctx context.Context, channel string, key chat.PostKey, inc incident.Incident) (msgID string, err error)
	// UpdateCard edits the card in place.
	UpdateCard(ctx context.Context, channel, msgID string, inc incident.Incident) error
	// PostEvent posts one timeline entry in the room.
	PostEvent(ctx context.Context, channel string, key chat.PostKey, e incident.Event) error
	// Post posts text in a channel (a team's or the managers').
	Post(ctx context.Context, channel string, key chat.PostKey, text string) error
	// Invite adds a platform user to the room.
	Invite(ctx context.Context, channel, user string) error
	// RoomLink is how a message links to the room channel.
	RoomLink(channel string) string
}

// Pager delivers page effects: trigger, acknowledge, resolve.
type Pager interface {
	Page(ctx context.Context, e incident.Effect, inc incident.Incident) error
}

// FileUploader is optional: a Chat that can post a file (the post-incident
// review, a report's chart) implements it. Without it, a review becomes a
// short notice in the room and a chart is left out.
type FileUploader interface {
	UploadFile(ctx context.Context, channel, filename string, data []byte, comment string) error
}
