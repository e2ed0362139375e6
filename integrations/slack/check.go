package slack

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
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
	var body struct {
		UserID string `json:"user_id"`
		Team   string `json:"team"`
	}
	header, err := c.call(ctx, "auth.test", c.opt.Token, &body)
	if err != nil {
		return Identity{}, err
	}
	id := Identity{User: body.UserID, Team: body.Team}
	for s := range strings.SplitSeq(header.Get("X-OAuth-Scopes"), ",") {
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

// CheckAppToken asks Slack for a Socket Mode URL with the app-level token
// (apps.connections.open) without connecting to it: Slack hands out a new
// URL per call and an unused one expires, so this proves the token only.
func (c *Client) CheckAppToken(ctx context.Context, appToken string) error {
	_, err := c.call(ctx, "apps.connections.open", appToken, &struct{}{})
	return err
}

// call posts an empty form to a Web API method with token and decodes the
// answer into out; {"ok": false} is an error naming Slack's code.
func (c *Client) call(ctx context.Context, method, token string, out any) (http.Header, error) {
	base := cmp.Or(c.opt.APIURL, slack.APIURL)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+method, strings.NewReader(url.Values{}.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.opt.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("slack %s: %w", method, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var status struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err == nil {
		err = json.Unmarshal(raw, &status)
	}
	if err != nil {
		return nil, fmt.Errorf("slack %s: HTTP %d, unreadable answer: %w", method, resp.StatusCode, err)
	}
	if !status.OK {
		return nil, fmt.Errorf("slack %s: %s", method, cmp.Or(status.Error, resp.Status))
	}
	return resp.Header, json.Unmarshal(raw, out)
}
