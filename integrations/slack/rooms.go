package slack

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// maxNameTries bounds the suffixes tried when names are taken.
const maxNameTries = 10

// CreateRoom creates the incident's public channel, sets its topic and
// invites whoever declared the incident on Slack.
//
// It is safe to retry: when a name is taken, the channel of that name is
// looked up (conversations.list), and if this bot created it and it is not
// archived it is ours from an attempt that did not finish (the outbox had
// no chance to save it), so it is reused. A name taken by anyone else gets
// the next suffix: inc-7-disk-full-2, -3, …
func (c *Client) CreateRoom(ctx context.Context, name string, inc incident.Incident) (string, string, error) {
	ch, final, err := c.createOrReuse(ctx, name)
	if err != nil {
		return "", "", err
	}
	if err := c.extra(inc.ID, "set the room topic", c.setTopic(ctx, ch, inc)); err != nil {
		return "", "", err
	}
	if by := inc.OpenedBy; by.Platform == "slack" && by.User != "" {
		if err := c.extra(inc.ID, "invite the declarer", c.Invite(ctx, ch, by.User)); err != nil {
			return "", "", err
		}
	}
	return ch, final, nil
}

// extra judges a failed finishing touch of a new room: worth a retry when
// Slack may do better later, but a permanent one (a missing scope, a
// guest who cannot be invited) is logged, not allowed to cost the room.
func (c *Client) extra(id, what string, err error) error {
	if err != nil && chat.IsPermanent(err) {
		c.log.Warn("could not "+what+"; the room is made anyway", "incident", id, "err", err)
		return nil
	}
	return err
}

func (c *Client) createOrReuse(ctx context.Context, base string) (string, string, error) {
	name := base
	for k := 2; k < maxNameTries+2; k++ {
		ch, err := c.api.CreateConversationContext(ctx, slack.CreateConversationParams{ChannelName: name})
		if err == nil {
			c.log.Info("room created", "channel", ch.ID, "name", name)
			return ch.ID, name, nil
		}
		if code(err) != "name_taken" {
			return "", "", deliveryError("conversations.create", err)
		}
		id, err := c.ownChannel(ctx, name)
		if err != nil {
			return "", "", err
		}
		if id != "" {
			c.log.Info("room reused: an earlier attempt created it", "channel", id, "name", name)
			return id, name, nil
		}
		name = incident.RoomNameWithSuffix(base, k, c.MaxRoomName())
	}
	return "", "", chat.Permanent(fmt.Errorf("slack conversations.create: names %s to %s are all taken", base, name))
}

// ownChannel finds the unarchived channel called name that this bot
// created, or "".
func (c *Client) ownChannel(ctx context.Context, name string) (string, error) {
	self, err := c.selfID(ctx)
	if err != nil {
		return "", err
	}
	params := &slack.GetConversationsParameters{ExcludeArchived: true, Limit: 1000, Types: []string{"public_channel"}}
	for range 20 { // 20,000 channels; beyond that a suffix is fine
		chans, next, err := c.api.GetConversationsContext(ctx, params)
		if err != nil {
			return "", deliveryError("conversations.list", err)
		}
		for _, ch := range chans {
			if ch.Name == name {
				if ch.Creator == self && !ch.IsArchived {
					return ch.ID, nil
				}
				return "", nil
			}
		}
		if next == "" {
			return "", nil
		}
		params.Cursor = next
	}
	return "", nil
}

// setTopic shows severity, status and holder in the channel topic. Slack
// announces every topic change in the channel, so an unchanged topic is
// not set again.
func (c *Client) setTopic(ctx context.Context, channel string, inc incident.Incident) error {
	t := topic(inc)
	c.mu.Lock()
	same := c.topics[channel] == t
	c.mu.Unlock()
	if same {
		return nil
	}
	if _, err := c.api.SetTopicOfConversationContext(ctx, channel, t); err != nil {
		return deliveryError("conversations.setTopic", err)
	}
	c.mu.Lock()
	if len(c.topics) > 10000 { // a topic set again once is cheaper than an unbounded map
		clear(c.topics)
	}
	c.topics[channel] = t
	c.mu.Unlock()
	return nil
}

// Invite adds a Slack user to the room. Someone already there, or the bot
// itself, is not an error: a retried invite must succeed.
func (c *Client) Invite(ctx context.Context, channel, user string) error {
	_, err := c.api.InviteUsersToConversationContext(ctx, channel, user)
	switch code(err) {
	case "already_in_channel", "cant_invite_self":
		return nil
	}
	return deliveryError("conversations.invite", err)
}
