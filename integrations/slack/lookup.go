package slack

import (
	"context"
	"fmt"
)

// LookupEmail returns the user ID of the workspace member with this
// e-mail address (users.lookupByEmail, scope users:read.email), or "" when
// Slack knows nobody by it (users_not_found). A rate limit comes back as a
// chat.RetryAfter error carrying Slack's Retry-After.
func (c *Client) LookupEmail(ctx context.Context, email string) (string, error) {
	u, err := c.api.GetUserByEmailContext(ctx, email)
	if code(err) == "users_not_found" {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("looking up %s: %w", email, deliveryError("users.lookupByEmail", err))
	}
	return u.ID, nil
}
