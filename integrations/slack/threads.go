package slack

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Thread rooms: a team with slack_rooms: thread takes part in each
// incident in a thread of its own channel (often a Slack Connect channel
// shared with the MSP, whose people cannot be invited into a new channel).
// The thread is one more room of the incident, with its own platform key
// (ThreadPlatform) and its own cursor, so the outbox syncs it like any
// room. Its channel ID, as the incident and the room index keep it, is
// "<channel>/<thread_ts>": the channel and the ts of the card, which is
// the thread's parent message.

// threadPrefix starts the platform key of a thread room.
const threadPrefix = "slack#thread:"

// ThreadPlatform is the platform key of team's incident threads.
func ThreadPlatform(team string) string { return threadPrefix + team }

// ThreadTeam returns the team of a thread room's platform key.
func ThreadTeam(platform string) (string, bool) { return strings.CutPrefix(platform, threadPrefix) }

// ThreadRoomID is the room ID of the thread whose parent is ts in channel.
func ThreadRoomID(channel, ts string) string { return channel + "/" + ts }

// splitRoom splits a thread room ID into its channel and thread ts.
func splitRoom(room string) (string, string, error) {
	ch, ts, ok := strings.Cut(room, "/")
	if !ok || ch == "" || ts == "" {
		return "", "", chat.Permanent(fmt.Errorf("slack thread room %q is not <channel>/<thread_ts>", room))
	}
	return ch, ts, nil
}

// ThreadRoom is one team's incident threads, through the same client (and
// so the same pacing per channel) as Slack's channel rooms.
type ThreadRoom struct {
	c       *Client
	team    string
	channel string
}

// ThreadRoom returns the thread rooms of team in channel.
func (c *Client) ThreadRoom(team, channel string) *ThreadRoom {
	return &ThreadRoom{c: c, team: team, channel: channel}
}

// Platform is the room's key, "slack#thread:<team>".
func (t *ThreadRoom) Platform() string { return ThreadPlatform(t.team) }

// MaxRoomName is Slack's; a thread has no name of its own.
func (t *ThreadRoom) MaxRoomName() int { return t.c.MaxRoomName() }

// RoomLink opens the team's channel, where the card starts the thread
// (Slack's app_redirect deep link; a thread has no documented one).
func (t *ThreadRoom) RoomLink(room string) string {
	ch, _, err := splitRoom(room)
	if err != nil {
		ch = t.channel
	}
	return "https://slack.com/app_redirect?channel=" + ch
}

// CreateRoom starts the thread: it posts the card in the team's channel.
// The card is looked for first, under a key made of the team, the
// incident and when it opened, so an attempt after a crash (before the
// outbox saved the room) finds it instead of posting another.
func (t *ThreadRoom) CreateRoom(ctx context.Context, name string, inc incident.Incident) (string, string, error) {
	key := chat.PostKey{ID: "thread/" + t.team + "/" + inc.ID + "/" + strconv.FormatInt(inc.OpenedAt.UnixNano(), 10), Retry: true}
	if err := t.c.limit.wait(ctx, t.channel); err != nil {
		return "", "", err
	}
	ts, found, err := t.c.findPosted(ctx, t.channel, key)
	if err != nil {
		return "", "", err
	}
	if !found {
		_, ts, err = t.c.api.PostMessageContext(ctx, t.channel, keyed(key),
			slack.MsgOptionText(escape(inc.String()), false), slack.MsgOptionBlocks(cardBlocks(inc, t.c.now())...))
		if err != nil {
			return "", "", deliveryError("chat.postMessage", err)
		}
		t.c.log.Info("incident thread started", "incident", inc.ID, "team", t.team, "channel", t.channel, "ts", ts)
	}
	return ThreadRoomID(t.channel, ts), name, nil
}

// PostCard: the card is the thread's parent, posted when the thread was
// started; it is brought up to date and its ts returned.
func (t *ThreadRoom) PostCard(ctx context.Context, room string, _ chat.PostKey, inc incident.Incident) (string, error) {
	_, ts, err := splitRoom(room)
	if err != nil {
		return "", err
	}
	return ts, t.UpdateCard(ctx, room, ts, inc)
}

// UpdateCard edits the parent card in place. The channel's topic is the
// team's own and is left alone.
func (t *ThreadRoom) UpdateCard(ctx context.Context, room, msgID string, inc incident.Incident) error {
	ch, _, err := splitRoom(room)
	if err != nil {
		return err
	}
	_, _, _, err = t.c.api.UpdateMessageContext(ctx, ch, msgID,
		slack.MsgOptionText(escape(inc.String()), false), slack.MsgOptionBlocks(cardBlocks(inc, t.c.now())...))
	return deliveryError("chat.update", err)
}

// PostEvent posts one timeline entry as a reply in the thread.
func (t *ThreadRoom) PostEvent(ctx context.Context, room string, key chat.PostKey, e incident.Event) error {
	return t.reply(ctx, room, key, eventText(e, t.c.opt.Location))
}

// Post posts text in the thread when channel is a thread room, else in
// the channel itself (a team's post that names no room).
func (t *ThreadRoom) Post(ctx context.Context, channel string, key chat.PostKey, text string) error {
	if !strings.Contains(channel, "/") {
		return t.c.Post(ctx, channel, key, text)
	}
	return t.reply(ctx, channel, key, roomLinks.ReplaceAllString(escape(text), "<#$1>"))
}

// Invite cannot add anyone to a channel (the team is already in it, and a
// Slack Connect guest of another organisation cannot be invited at all):
// it mentions the person in the thread instead, once per thread.
func (t *ThreadRoom) Invite(ctx context.Context, room, user string) error {
	if user == "" || strings.ContainsAny(user, "<>|") {
		return chat.Permanent(errors.New("slack thread mention: not a user ID: " + user))
	}
	key := chat.PostKey{ID: "mention/" + room + "/" + user, Retry: true}
	return t.reply(ctx, room, key, "👋 <@"+user+">, you are on this incident: follow it and act in this thread.")
}

// UploadFile shares a file (the post-incident review) in the thread.
func (t *ThreadRoom) UploadFile(ctx context.Context, room, filename string, data []byte, comment string) error {
	ch, ts, err := splitRoom(room)
	if err != nil {
		return err
	}
	return t.c.upload(ctx, ch, ts, filename, data, comment)
}

// reply posts mrkdwn text (already escaped) in the thread, unless a reply
// under key is found there already (conversations.replies: a thread's
// replies are not in conversations.history).
func (t *ThreadRoom) reply(ctx context.Context, room string, key chat.PostKey, text string) error {
	ch, ts, err := splitRoom(room)
	if err != nil {
		return err
	}
	if err := t.c.limit.wait(ctx, ch); err != nil {
		return err
	}
	if _, found, err := t.c.findReply(ctx, ch, ts, key); err != nil || found {
		return err
	}
	_, _, err = t.c.api.PostMessageContext(ctx, ch, keyed(key), slack.MsgOptionText(text, false), slack.MsgOptionTS(ts))
	return deliveryError("chat.postMessage", err)
}
