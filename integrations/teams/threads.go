package teams

import (
	"context"
	"fmt"
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
// as a new conversation. The connector takes no idempotency key and
// cannot list a channel's messages, so a process killed between Teams'
// answer and the outbox's record of the room starts a second thread on
// the retry (docs/teams.md says so).
func (t *ThreadRoom) CreateRoom(ctx context.Context, _ string, inc incident.Incident) (string, string, error) {
	root, err := t.c.newThread(ctx, t.channel, cardActivity(inc, t.c.opt.Now()))
	if err != nil {
		return "", "", err
	}
	return t.channel + "/" + root, t.channel, nil
}

// PostCard returns the thread's root, which is the card, updated.
func (t *ThreadRoom) PostCard(ctx context.Context, room string, _ chat.PostKey, inc incident.Incident) (string, error) {
	_, root, err := splitRoom(room)
	if err != nil {
		return "", err
	}
	return root, t.UpdateCard(ctx, room, root, inc)
}

// UpdateCard replaces the root card in place.
func (t *ThreadRoom) UpdateCard(ctx context.Context, room, msgID string, inc incident.Incident) error {
	ch, _, err := splitRoom(room)
	if err != nil {
		return err
	}
	return t.c.UpdateCard(ctx, ch, msgID, inc)
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
