package teams

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// createChannel creates a standard channel named name in the team (Graph
// POST /teams/{id}/channels, application permission Channel.Create). A
// name already taken, as after a crash between the creation and its
// record, is looked up and the channel reused, so a retry makes no second
// channel.
func (c *Client) createChannel(ctx context.Context, name string) (string, error) {
	in := map[string]any{"displayName": name, "description": "Tandem incident room", "membershipType": "standard"}
	var out struct {
		ID string `json:"id"`
	}
	target := c.opt.GraphURL + "/teams/" + url.PathEscape(c.opt.TeamID) + "/channels"
	err := c.call(ctx, GraphScope, http.MethodPost, target, "create channel", in, &out)
	if apiErr, ok := errors.AsType[*APIError](err); ok && nameTaken(apiErr) {
		return c.findChannel(ctx, name)
	}
	if err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", fmt.Errorf("teams: create channel answered no id")
	}
	return out.ID, nil
}

// nameTaken says whether Graph refused a channel because its name exists
// (409, or 400 with the NameAlreadyExists code).
func nameTaken(e *APIError) bool {
	return e.Status == http.StatusConflict || (e.Status == http.StatusBadRequest && strings.Contains(e.Body, "NameAlreadyExists"))
}

// findChannel returns the ID of the team's channel called name.
func (c *Client) findChannel(ctx context.Context, name string) (string, error) {
	var out struct {
		Value []struct {
			ID          string `json:"id"`
			DisplayName string `json:"displayName"`
		} `json:"value"`
	}
	filter := url.QueryEscape("displayName eq '" + strings.ReplaceAll(name, "'", "''") + "'")
	target := c.opt.GraphURL + "/teams/" + url.PathEscape(c.opt.TeamID) + "/channels?$filter=" + filter
	if err := c.call(ctx, GraphScope, http.MethodGet, target, "list channels", nil, &out); err != nil {
		return "", err
	}
	for _, ch := range out.Value {
		if strings.EqualFold(ch.DisplayName, name) {
			return ch.ID, nil
		}
	}
	return "", fmt.Errorf("teams: channel %q exists but was not found by name", name)
}
