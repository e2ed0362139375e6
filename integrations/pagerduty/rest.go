package pagerduty

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/tandemhq/tandem/chat"
)

// DefaultAPIURL is the root of PagerDuty's REST API.
const DefaultAPIURL = "https://api.pagerduty.com"

// restTimeout bounds each REST call: on-call lookups run while a ladder
// step is computed and alert lookups while PagerDuty waits for a webhook's
// answer (it gives up after 5 seconds).
const restTimeout = 3 * time.Second

// Client reads PagerDuty's REST API with an API token
// (Authorization: Token token=…).
type Client struct {
	pd *pd.Client
}

// NewClient reads the REST API at root apiURL ("" for PagerDuty's) with
// token, through hc (nil for a client with a 10-second timeout).
func NewClient(apiURL, token string, hc *http.Client) *Client {
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	c := pd.NewClient(token, pd.WithAPIEndpoint(strings.TrimRight(apiURL, "/")))
	c.HTTPClient = hc
	return &Client{pd: c}
}

// onCall is one entry of GET /oncalls.
type onCall struct {
	user  OnCallUser
	level uint
}

// onCalls lists who is on call now for t, with users' emails.
func (c *Client) onCalls(ctx context.Context, t Target) ([]onCall, error) {
	ctx, cancel := context.WithTimeout(ctx, restTimeout)
	defer cancel()
	opt := pd.ListOnCallOptions{Includes: []string{"users"}, Earliest: true, Limit: 100}
	if t.ScheduleID != "" {
		opt.ScheduleIDs = []string{t.ScheduleID}
	} else {
		opt.EscalationPolicyIDs = []string{t.EscalationPolicyID}
	}
	resp, err := c.pd.ListOnCallsWithContext(ctx, opt)
	if err != nil {
		return nil, fmt.Errorf("PagerDuty on-calls of %s: %w", t, err)
	}
	out := make([]onCall, 0, len(resp.OnCalls))
	for _, oc := range resp.OnCalls {
		u := OnCallUser{ID: oc.User.ID, Name: cmp.Or(oc.User.Name, oc.User.Summary), Email: oc.User.Email}
		if end, err := time.Parse(time.RFC3339, oc.End); err == nil {
			u.Until = end
		}
		out = append(out, onCall{user: u, level: oc.EscalationLevel})
	}
	return out, nil
}

// AlertKeys returns the alert (dedup) keys of PagerDuty incident id's
// alerts: how a webhook whose incident carries no incident key is traced
// back to Tandem's incident. An incident PagerDuty does not know has none.
func (c *Client) AlertKeys(ctx context.Context, id string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, restTimeout)
	defer cancel()
	resp, err := c.pd.ListIncidentAlertsWithContext(ctx, id, pd.ListIncidentAlertsOptions{Limit: 100})
	var apiErr pd.APIError
	if errors.As(err, &apiErr) && apiErr.NotFound() {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("PagerDuty alerts of incident %s: %w", id, err)
	}
	keys := make([]string, 0, len(resp.Alerts))
	for _, a := range resp.Alerts {
		keys = append(keys, a.AlertKey)
	}
	return keys, nil
}

// UserEmail returns the e-mail address of PagerDuty user id (GET
// /users/{id}): how a webhook's agent, which PagerDuty names by ID and
// name only, is matched to a member by e-mail. A user PagerDuty does not
// know has none.
func (c *Client) UserEmail(ctx context.Context, id string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, restTimeout)
	defer cancel()
	u, err := c.pd.GetUserWithContext(ctx, id, pd.GetUserOptions{})
	var apiErr pd.APIError
	if errors.As(err, &apiErr) && apiErr.NotFound() {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("PagerDuty user %s: %w", id, err)
	}
	return u.Email, nil
}

// UserByEmail returns the ID of the PagerDuty user with this e-mail
// address (GET /users?query=, which matches names and addresses by
// substring, so only an exact, case-insensitive address match counts), or
// "" when there is none. A 429 comes back as a chat.RetryAfter error.
func (c *Client) UserByEmail(ctx context.Context, email string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, restTimeout)
	defer cancel()
	resp, err := c.pd.ListUsersWithContext(ctx, pd.ListUsersOptions{Query: email, Limit: 100})
	var apiErr pd.APIError
	if errors.As(err, &apiErr) && apiErr.RateLimited() {
		return "", chat.RetryAfter(restRetryAfter, fmt.Errorf("PagerDuty users matching %s: rate limited", email))
	}
	if err != nil {
		return "", fmt.Errorf("PagerDuty users matching %s: %w", email, err)
	}
	for _, u := range resp.Users {
		if strings.EqualFold(u.Email, email) {
			return u.ID, nil
		}
	}
	return "", nil
}

// restRetryAfter is how long to wait after the REST API's 429: PagerDuty
// names no Retry-After there, and its limit is per minute.
const restRetryAfter = 10 * time.Second
