package teams

import (
	"context"
	"net/http"
	"net/url"
)

// CheckToken asks the token endpoint for a token of scope (BotScope or
// GraphScope): it fails when the app ID, its secret or the tenant is
// wrong. For tandem doctor.
func (c *Client) CheckToken(ctx context.Context, scope string) error {
	_, err := c.tokens.get(ctx, scope)
	return err
}

// Channels lists the configured team's channels, ID to display name
// (Graph GET /teams/{id}/channels, application permission
// Channel.ReadBasic.All). For tandem doctor.
func (c *Client) Channels(ctx context.Context) (map[string]string, error) {
	var out struct {
		Value []struct {
			ID          string `json:"id"`
			DisplayName string `json:"displayName"`
		} `json:"value"`
	}
	target := c.opt.GraphURL + "/teams/" + url.PathEscape(c.opt.TeamID) + "/channels"
	if err := c.call(ctx, GraphScope, http.MethodGet, target, "list channels", nil, &out); err != nil {
		return nil, err
	}
	chans := make(map[string]string, len(out.Value))
	for _, ch := range out.Value {
		chans[ch.ID] = ch.DisplayName
	}
	return chans, nil
}
