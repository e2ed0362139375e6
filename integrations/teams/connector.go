package teams

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// call sends one JSON request to the connector or Graph with a token for
// scope and decodes a 2xx answer into out (nil: ignored).
func (c *Client) call(ctx context.Context, scope, method, target, name string, in, out any) error {
	tok, err := c.tokens.get(ctx, scope)
	if err != nil {
		return err
	}
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("teams: %s: %w", name, err)
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return fmt.Errorf("teams: %s: %w", name, err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.opt.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("teams: %s: %w", name, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err := statusError(resp, name, raw); err != nil {
		return err
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("teams: %s: answer: %w", name, err)
		}
	}
	return nil
}

// connector is the URL of a connector path under the service URL.
func (c *Client) connector(path string, args ...string) string {
	esc := make([]any, len(args))
	for i, a := range args {
		esc[i] = url.PathEscape(a)
	}
	return strings.TrimSuffix(c.opt.ServiceURL, "/") + fmt.Sprintf(path, esc...)
}

// newThread starts a conversation in a channel: the activity is its first
// message (POST /v3/conversations with channelData.channel.id), and the
// answer's activityId is the thread's root.
func (c *Client) newThread(ctx context.Context, channel string, a Activity) (string, error) {
	if err := c.pace.wait(ctx, channel); err != nil {
		return "", err
	}
	in := map[string]any{"isGroup": true, "channelData": ChannelData{Channel: &IDOnly{ID: channel}}, "activity": a}
	if c.opt.TenantID != "" {
		in["tenantId"] = c.opt.TenantID
	}
	var out struct {
		ID         string `json:"id"`
		ActivityID string `json:"activityId"`
	}
	if err := c.call(ctx, BotScope, http.MethodPost, c.connector("/v3/conversations"), "create conversation", in, &out); err != nil {
		return "", err
	}
	root := out.ActivityID
	if root == "" {
		_, root, _ = strings.Cut(out.ID, ";messageid=")
	}
	if root == "" {
		return "", fmt.Errorf("teams: create conversation answered no activityId (id %q)", out.ID)
	}
	return root, nil
}

// send posts an activity in a conversation (a reply when conv is a
// thread "…;messageid=…") and returns its ID.
func (c *Client) send(ctx context.Context, conv string, a Activity) (string, error) {
	if err := c.pace.wait(ctx, conv); err != nil {
		return "", err
	}
	var out struct {
		ID string `json:"id"`
	}
	err := c.call(ctx, BotScope, http.MethodPost, c.connector("/v3/conversations/%s/activities", conv), "send activity", a, &out)
	return out.ID, err
}

// update replaces an activity in place (PUT …/activities/{id}).
func (c *Client) update(ctx context.Context, conv, id string, a Activity) error {
	if err := c.pace.wait(ctx, conv); err != nil {
		return err
	}
	a.ID = id
	return c.call(ctx, BotScope, http.MethodPut, c.connector("/v3/conversations/%s/activities/%s", conv, id), "update activity", a, nil)
}

// threadConv is the conversation ID of a channel's thread.
func threadConv(channel, root string) string { return channel + ";messageid=" + root }

// member reads a conversation member's profile (its e-mail, to map a
// person configured by e-mail).
func (c *Client) member(ctx context.Context, serviceURL, conv, user string) (email string, err error) {
	var out struct {
		Email             string `json:"email"`
		UserPrincipalName string `json:"userPrincipalName"`
	}
	target := strings.TrimSuffix(serviceURL, "/") + "/v3/conversations/" + url.PathEscape(conv) + "/members/" + url.PathEscape(user)
	if err := c.call(ctx, BotScope, http.MethodGet, target, "get member", nil, &out); err != nil {
		return "", err
	}
	if out.Email != "" {
		return out.Email, nil
	}
	return out.UserPrincipalName, nil
}

// sendTo posts an activity in a conversation of the service an inbound
// activity came from (its serviceUrl, verified against the token).
func (c *Client) sendTo(ctx context.Context, serviceURL, conv string, a Activity) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	target := strings.TrimSuffix(serviceURL, "/") + "/v3/conversations/" + url.PathEscape(conv) + "/activities"
	err := c.call(ctx, BotScope, http.MethodPost, target, "send activity", a, &out)
	return out.ID, err
}
