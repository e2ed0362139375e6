package teams

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/tandemhq/tandem/chat"
)

// Finding a post after a crash. The connector takes no idempotency key
// and cannot list a channel's messages, so every post carries its key in
// the Adaptive Card it is (the id of the card's first element,
// "tandem-<nonce>", which Teams keeps), and an attempt that may repeat an
// earlier one reads the channel's recent messages, or the thread's
// replies, through Microsoft Graph (ChannelMessage.Read.All) and posts
// nothing when the key is there. Without msteams.team_id there is no
// Graph to ask: the post goes out, and a process killed between Teams'
// answer and the outbox's record may show it twice.

// keyID is the card element id that carries key.
func keyID(key chat.PostKey) string { return "tandem-" + key.Nonce() }

// lookups says whether posts can be found again (Graph is configured).
func (c *Client) lookups() bool { return c.opt.TeamID != "" }

// findPosted looks for key among the channel's latest top-level messages
// (root "") or the thread's latest replies, and returns the message's ID.
func (c *Client) findPosted(ctx context.Context, channel, root string, key chat.PostKey) (string, bool, error) {
	if !c.lookups() {
		return "", false, nil
	}
	target := c.opt.GraphURL + "/teams/" + url.PathEscape(c.opt.TeamID) + "/channels/" + url.PathEscape(channel) + "/messages"
	if root != "" {
		target += "/" + url.PathEscape(root) + "/replies"
	}
	var out struct {
		Value []struct {
			ID          string `json:"id"`
			Attachments []struct {
				Content string `json:"content"`
			} `json:"attachments"`
		} `json:"value"`
	}
	if err := c.call(ctx, GraphScope, http.MethodGet, target+"?$top=50", "list messages", nil, &out); err != nil {
		return "", false, err
	}
	want := `"` + keyID(key) + `"`
	for _, m := range out.Value {
		for _, a := range m.Attachments {
			if strings.Contains(a.Content, want) {
				return m.ID, true, nil
			}
		}
	}
	return "", false, nil
}

// postOnce posts a in the channel (root "") or the thread, unless an
// attempt that may repeat an earlier one finds it there already.
func (c *Client) postOnce(ctx context.Context, channel, root string, key chat.PostKey, a Activity) (string, error) {
	if key.Retry {
		if id, found, err := c.findPosted(ctx, channel, root, key); err != nil || found {
			return id, err
		}
	}
	if root == "" {
		return c.send(ctx, channel, a)
	}
	return c.send(ctx, threadConv(channel, root), a)
}

// startOnce starts a thread in channel with a, unless it is found there.
func (c *Client) startOnce(ctx context.Context, channel string, key chat.PostKey, a Activity) (string, error) {
	if key.Retry {
		if id, found, err := c.findPosted(ctx, channel, "", key); err != nil || found {
			return id, err
		}
	}
	return c.newThread(ctx, channel, a)
}
