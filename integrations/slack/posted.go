package slack

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/tandemhq/tandem/chat"
)

// Every message Tandem posts carries its key as message metadata, so an
// attempt that may repeat an earlier one can find it in the channel.
const (
	postEventType = "tandem_post" // metadata event_type
	postKeyField  = "key"         // the event_payload field holding chat.PostKey.ID
	// findDepth is how many of the channel's latest messages a retry looks
	// through: a retry comes seconds to minutes after the first attempt.
	findDepth = 200
)

// keyed is the metadata option carrying key.
func keyed(key chat.PostKey) slack.MsgOption {
	return slack.MsgOptionMetadata(slack.SlackMetadata{EventType: postEventType,
		EventPayload: map[string]any{postKeyField: key.ID}})
}

// findPosted returns the ts of the message posted earlier under key, when
// key.Retry says there may be one. Without the history scopes
// (channels:history, groups:history) it cannot look: it logs that and
// answers "not found", so the message is posted (perhaps twice) rather
// than lost.
func (c *Client) findPosted(ctx context.Context, channel string, key chat.PostKey) (string, bool, error) {
	if !key.Retry || key.ID == "" {
		return "", false, nil
	}
	h, err := c.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
		ChannelID: channel, Limit: findDepth, IncludeAllMetadata: true,
	})
	if err != nil {
		err = deliveryError("conversations.history", err)
		if chat.IsPermanent(err) {
			c.log.Warn("cannot look for an earlier post before retrying it; it may show twice", "channel", channel, "err", err)
			return "", false, nil
		}
		return "", false, err
	}
	for _, m := range h.Messages {
		if m.Metadata.EventType == postEventType && m.Metadata.EventPayload[postKeyField] == key.ID {
			return m.Timestamp, true, nil
		}
	}
	return "", false, nil
}

// findReply is findPosted for a thread: it looks through the replies of
// the thread ts (conversations.replies), newest last.
func (c *Client) findReply(ctx context.Context, channel, ts string, key chat.PostKey) (string, bool, error) {
	if !key.Retry || key.ID == "" {
		return "", false, nil
	}
	msgs, _, _, err := c.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
		ChannelID: channel, Timestamp: ts, Limit: 1000, IncludeAllMetadata: true,
	})
	if err != nil {
		err = deliveryError("conversations.replies", err)
		if chat.IsPermanent(err) {
			c.log.Warn("cannot look for an earlier reply before retrying it; it may show twice", "channel", channel, "thread", ts, "err", err)
			return "", false, nil
		}
		return "", false, err
	}
	for _, m := range msgs {
		if m.Metadata.EventType == postEventType && m.Metadata.EventPayload[postKeyField] == key.ID {
			return m.Timestamp, true, nil
		}
	}
	return "", false, nil
}
