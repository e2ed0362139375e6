package delivery

import (
	"context"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
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

// RoomCloser is optional: a Chat that can close a room implements it
// (Slack archives the channel; Discord moves it to the archive category or
// deletes it). Without it, closing a room posts its last line only.
type RoomCloser interface {
	// CloseRoom closes channel and says how: "archived", "moved",
	// "deleted", or "already closed" when a person archived or deleted it
	// first, which is not an error.
	CloseRoom(ctx context.Context, channel string) (outcome string, err error)
}

// Store is what delivery reads and writes in Redis: the outbox, the room
// records, the locks that keep one worker per room, and the incidents and
// timelines it renders.
type Store interface {
	ReadOutbox(ctx context.Context, consumer string, count int64, block time.Duration) ([]redisstore.OutboxEntry, error)
	ClaimStale(ctx context.Context, consumer string, minIdle time.Duration, count int64) ([]redisstore.OutboxEntry, error)
	ClaimOrphans(ctx context.Context, consumer string, minIdle, deadAfter time.Duration, count int64) ([]redisstore.OutboxEntry, error)
	Delivered(ctx context.Context, effectID string) (bool, error)
	DoneOutbox(ctx context.Context, entryID, effectID string) error
	DeferOutbox(ctx context.Context, entryID string, e incident.Effect, due time.Time) error
	Get(ctx context.Context, id string) (incident.Incident, error)
	TimelineAfter(ctx context.Context, id, pos string, count int64) ([]redisstore.Entry, error)
	GetRoom(ctx context.Context, id, platform string) (redisstore.Room, error)
	SaveRoom(ctx context.Context, id, platform string, r redisstore.Room) error
	SyncStarted(ctx context.Context, id, platform string) error
	Lock(ctx context.Context, name, owner string, now time.Time, lease time.Duration) (bool, error)
	Unlock(ctx context.Context, name, owner string) error
	DeploymentID(ctx context.Context) (string, error)
}

// Recorder writes what delivery did on the incident (the use cases do, so
// the change is planned and committed like any other).
type Recorder interface {
	// RoomCreated records that incident id's room exists on platform.
	RoomCreated(ctx context.Context, id, platform, channel, name string) error
	// RoomClosed records how a room was closed.
	RoomClosed(ctx context.Context, id, platform, channel, outcome string) error
	// DeliveryFailed writes on the timeline that an effect failed for good.
	DeliveryFailed(ctx context.Context, e incident.Effect, reason string) error
}

// Reviewer renders an incident's post-incident review (room.file effects).
type Reviewer interface {
	Review(ctx context.Context, id string) (name string, data []byte, comment string, err error)
}

// Invitees answers which user a member is on a platform, for room.invite
// effects planned by a version before the invitee's user was planned with
// the effect (see invite).
type Invitees interface {
	InviteeUser(person, platform string) (user string, ok bool)
}

// Metrics counts what delivery does.
type Metrics interface {
	// DeliveryFailed counts an effect given up for good.
	DeliveryFailed(kind incident.EffectKind, platform string)
	// Paged counts a page trigger delivered (or told in chat) to team.
	Paged(team, side string)
}
