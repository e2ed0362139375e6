package teams

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// ThreadPlatform is the room key of team's threads: "teams#thread:<team>".
func ThreadPlatform(team string) string { return Platform + "#thread:" + team }

// ThreadRoom is one team's incident threads in its teams_channel: the
// room of an incident is "<channel>/<root activity ID>", the card its
// first message, timeline entries its replies.
type ThreadRoom struct {
	c             *Client
	team, channel string
}

// ThreadRoom returns team's thread rooms in channel.
func (c *Client) ThreadRoom(team, channel string) *ThreadRoom {
	return &ThreadRoom{c: c, team: team, channel: channel}
}

// Platform is "teams#thread:<team>".
func (t *ThreadRoom) Platform() string { return ThreadPlatform(t.team) }

// MaxRoomName is the channel limit; a thread has no name of its own.
func (t *ThreadRoom) MaxRoomName() int { return maxChannelName }

// CreateRoom starts the thread: the card is posted in the team's channel
// as a new conversation, under a key made of the team, the incident and
// when it opened, looked for first (posted.go), so an attempt after a
// crash before the outbox saved the room finds the thread instead of
// starting another.
func (t *ThreadRoom) CreateRoom(ctx context.Context, _ string, inc incident.Incident) (string, string, error) {
	key := t.cardKey(inc)
	root, err := t.c.startOnce(ctx, t.channel, key, cardActivity(inc, t.c.opt.Now(), key))
	if err != nil {
		return "", "", err
	}
	return t.channel + "/" + root, t.channel, nil
}

// cardKey is the key of the thread's card.
func (t *ThreadRoom) cardKey(inc incident.Incident) chat.PostKey {
	return chat.PostKey{ID: "thread/" + t.team + "/" + inc.ID + "/" + strconv.FormatInt(inc.OpenedAt.UnixNano(), 10), Retry: true}
}

// PostCard returns the thread's root, which is the card, updated.
func (t *ThreadRoom) PostCard(ctx context.Context, room string, _ chat.PostKey, inc incident.Incident) (string, error) {
	_, root, err := splitRoom(room)
	if err != nil {
		return "", err
	}
	return root, t.UpdateCard(ctx, room, root, inc)
}

// UpdateCard replaces the root card in place, keeping its key.
func (t *ThreadRoom) UpdateCard(ctx context.Context, room, msgID string, inc incident.Incident) error {
	ch, _, err := splitRoom(room)
	if err != nil {
		return err
	}
	return t.c.update(ctx, threadConv(ch, msgID), msgID, cardActivity(inc, t.c.opt.Now(), t.cardKey(inc)))
}

// PostEvent posts one timeline entry as a reply in the thread.
func (t *ThreadRoom) PostEvent(ctx context.Context, room string, key chat.PostKey, e incident.Event) error {
	return t.c.PostEvent(ctx, room, key, e)
}

// Post posts in the thread, or in the team's channel for a post that
// names no thread.
func (t *ThreadRoom) Post(ctx context.Context, channel string, key chat.PostKey, text string) error {
	return t.c.Post(ctx, channel, key, text)
}

// Invite mentions the person in the thread: nobody can be added to a
// thread, and the team's members are in its channel already.
func (t *ThreadRoom) Invite(ctx context.Context, room, user string) error {
	ch, root, err := splitRoom(room)
	if err != nil {
		return err
	}
	a := textActivity("<at>" + user + "</at>, you are on this incident: follow it and act in this thread.")
	a.Entities = []Entity{{Type: "mention", Text: "<at>" + user + "</at>", Mentioned: &Account{ID: user}}}
	_, err = t.c.send(ctx, threadConv(ch, root), a)
	return err
}

// RoomLink links the thread.
func (t *ThreadRoom) RoomLink(room string) string { return t.c.RoomLink(room) }

// splitRoom splits a thread room "<channel>/<root>".
func splitRoom(room string) (string, string, error) {
	ch, root, ok := strings.Cut(room, "/")
	if !ok || ch == "" || root == "" {
		return "", "", chat.Permanent(fmt.Errorf("teams thread room %q is not <channel>/<root>", room))
	}
	return ch, root, nil
}
