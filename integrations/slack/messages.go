package slack

import (
	"context"
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// PostCard posts the incident card and pins it, so the room always shows
// where things stand. The card's ts is its message ID for later edits. A
// retry that finds the card posted under key pins that one.
// A failed pin is logged, not returned: returning it would make the outbox
// post a second card.
func (c *Client) PostCard(ctx context.Context, channel string, key chat.PostKey, inc incident.Incident) (string, error) {
	if err := c.limit.wait(ctx, channel); err != nil {
		return "", err
	}
	ts, found, err := c.findPosted(ctx, channel, key)
	if err != nil {
		return "", err
	}
	if !found {
		_, ts, err = c.api.PostMessageContext(ctx, channel, keyed(key),
			slack.MsgOptionText(escape(inc.String()), false), slack.MsgOptionBlocks(cardBlocks(inc, c.now())...))
		if err != nil {
			return "", deliveryError("chat.postMessage", err)
		}
	}
	if err := c.api.AddPinContext(ctx, channel, slack.NewRefToMessage(channel, ts)); err != nil && code(err) != "already_pinned" {
		c.log.Warn("pinning the incident card failed", "incident", inc.ID, "channel", channel, "err", deliveryError("pins.add", err))
	}
	if err := c.setTopic(ctx, channel, inc); err != nil {
		c.log.Warn("setting the room topic failed; the next card edit sets it", "incident", inc.ID, "channel", channel, "err", err)
	}
	return ts, nil
}

// UpdateCard edits the card in place (chat.update of the same ts) and
// brings the channel topic up to date.
func (c *Client) UpdateCard(ctx context.Context, channel, msgID string, inc incident.Incident) error {
	_, _, _, err := c.api.UpdateMessageContext(ctx, channel, msgID,
		slack.MsgOptionText(escape(inc.String()), false), slack.MsgOptionBlocks(cardBlocks(inc, c.now())...))
	if err != nil {
		return deliveryError("chat.update", err)
	}
	return c.setTopic(ctx, channel, inc)
}

// PostEvent posts one timeline entry as a short message. Its time is a
// Slack date token, so each reader sees it in their own zone; the fallback
// (for notifications and old clients) is FormatEvent's, in the bot's zone.
func (c *Client) PostEvent(ctx context.Context, channel string, key chat.PostKey, e incident.Event) error {
	return c.post(ctx, channel, key, eventText(e, c.opt.Location))
}

func eventText(e incident.Event, loc *time.Location) string {
	fallback := e.At.In(loc).Format("15:04 MST")
	return fmt.Sprintf("<!date^%d^{time}|%s> %s", e.At.Unix(), fallback, escape(chat.DescribeEvent(e)))
}

// roomLinks are the channel links the outbox puts in team posts; they
// survive escaping, nothing else that looks like Slack markup does.
var roomLinks = regexp.MustCompile(`&lt;#(C[A-Z0-9]+)&gt;`)

// Post posts text in a team's channel. Text from people (titles) is
// escaped, so only the room link Tandem put there stays a link.
func (c *Client) Post(ctx context.Context, channel string, key chat.PostKey, text string) error {
	return c.post(ctx, channel, key, roomLinks.ReplaceAllString(escape(text), "<#$1>"))
}

// post posts mrkdwn text (already escaped). A text longer than Slack
// advises for one message (a hand-over summary, a weekly report) goes as
// sections within Block Kit's limits, still one message: one call, so a
// retry cannot repeat half of it. A retry that finds the message posted
// under key posts nothing.
func (c *Client) post(ctx context.Context, channel string, key chat.PostKey, text string) error {
	// The turn first, then the look: a post that another worker is
	// waiting to make in this channel (its turn comes before ours) is in
	// the channel by the time we look.
	if err := c.limit.wait(ctx, channel); err != nil {
		return err
	}
	if _, found, err := c.findPosted(ctx, channel, key); err != nil || found {
		return err
	}
	opts := []slack.MsgOption{keyed(key), slack.MsgOptionText(text, false)}
	if utf8.RuneCountInString(text) > MaxMessageText {
		opts = []slack.MsgOption{keyed(key), slack.MsgOptionText(firstLine(text), false), slack.MsgOptionBlocks(textMessages(text)[0]...)}
	}
	_, _, err := c.api.PostMessageContext(ctx, channel, opts...)
	return deliveryError("chat.postMessage", err)
}

// Reply answers an @mention in its thread: for everyone, or only for the
// asker (chat.postEphemeral) when the answer is ephemeral. A long answer
// is cut to one message: the thread is not the place for a whole timeline.
func (c *Client) Reply(ctx context.Context, channel, thread, user string, resp chat.Response) error {
	msgs := messages(resp)
	if len(msgs) == 0 {
		return nil
	}
	opts := []slack.MsgOption{slack.MsgOptionText(msgs[0].Text, false), slack.MsgOptionBlocks(msgs[0].Blocks...),
		slack.MsgOptionTS(thread)}
	if resp.Ephemeral {
		_, err := c.api.PostEphemeralContext(ctx, channel, user, opts...)
		return deliveryError("chat.postEphemeral", err)
	}
	if err := c.limit.wait(ctx, channel); err != nil {
		return err
	}
	_, _, err := c.api.PostMessageContext(ctx, channel, opts...)
	return deliveryError("chat.postMessage", err)
}
