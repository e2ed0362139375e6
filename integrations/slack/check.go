package slack

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/slack-go/slack"
)

// Identity is whom a bot token belongs to and what it may do.
type Identity struct {
	User, Team string
	// Scopes are the token's OAuth scopes, from the X-OAuth-Scopes header
	// Slack sends with every Web API answer (slack-go does not expose it).
	Scopes []string
}

// Identity calls auth.test and reads the token's scopes, for `tandem
// doctor`. A refused token is an error naming Slack's code
// (invalid_auth, account_inactive, …).
func (c *Client) Identity(ctx context.Context) (Identity, error) {
	base := cmp.Or(c.opt.APIURL, slack.APIURL)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"auth.test", strings.NewReader(url.Values{}.Encode()))
	if err != nil {
		return Identity{}, err
	}
	req.Header.Set("Authorization", "Bearer "+c.opt.Token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.opt.HTTPClient.Do(req)
	if err != nil {
		return Identity{}, fmt.Errorf("slack auth.test: %w", err)
	}
	defer resp.Body.Close()
	var body struct {
		OK     bool   `json:"ok"`
		Error  string `json:"error"`
		UserID string `json:"user_id"`
		Team   string `json:"team"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return Identity{}, fmt.Errorf("slack auth.test: HTTP %d, unreadable answer: %w", resp.StatusCode, err)
	}
	if !body.OK {
		return Identity{}, fmt.Errorf("slack auth.test: %s", cmp.Or(body.Error, resp.Status))
	}
	id := Identity{User: body.UserID, Team: body.Team}
	for s := range strings.SplitSeq(resp.Header.Get("X-OAuth-Scopes"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			id.Scopes = append(id.Scopes, s)
		}
	}
	return id, nil
}

// ChannelMembership says whether channel exists (to the bot) and the bot
// is in it, with its name (conversations.info).
func (c *Client) ChannelMembership(ctx context.Context, channel string) (name string, member bool, err error) {
	ch, err := c.api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: channel})
	if err != nil {
		return "", false, fmt.Errorf("slack conversations.info %s: %w", channel, err)
	}
	return ch.Name, ch.IsMember, nil
}
