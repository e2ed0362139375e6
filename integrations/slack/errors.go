package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandemhq/tandem/chat"
)

// APIError is an error Slack answered with {"ok": false, "error": Code}.
type APIError struct {
	Method string
	Code   string
}

func (e *APIError) Error() string { return "slack " + e.Method + ": " + e.Code }

// transientCodes are Slack error strings worth retrying; every other
// {"ok":false} answer (channel_not_found, not_in_channel, is_archived,
// invalid_auth, missing_scope, invalid_blocks, …) will not change by
// asking again.
var transientCodes = map[string]bool{
	"internal_error": true, "fatal_error": true, "service_unavailable": true,
	"request_timeout": true, "ratelimited": true, "rate_limited": true, "team_added_to_org": true,
}

// code returns Slack's error string of err, or "".
func code(err error) string {
	var r slack.SlackErrorResponse
	if errors.As(err, &r) {
		return r.Err
	}
	var a *APIError
	if errors.As(err, &a) {
		return a.Code
	}
	return ""
}

// deliveryError says what the outbox should do about a failed call:
// wait Retry-After after a 429, retry a 5xx or a network error with
// backoff, and give up on an error Slack will repeat.
func deliveryError(method string, err error) error {
	if err == nil {
		return nil
	}
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	switch {
	case errors.As(err, &rl):
		return chat.RetryAfter(max(rl.RetryAfter, time.Second), fmt.Errorf("slack %s: rate limited", method))
	case errors.As(err, &sc):
		e := fmt.Errorf("slack %s: HTTP %d", method, sc.Code)
		switch {
		case sc.Code == http.StatusTooManyRequests:
			return chat.RetryAfter(time.Second, e)
		case sc.Code >= 500:
			return e
		}
		return chat.Permanent(e)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("slack %s: %w", method, err)
	}
	if c := code(err); c != "" {
		e := &APIError{Method: method, Code: c}
		if transientCodes[c] {
			return e
		}
		return chat.Permanent(e)
	}
	return fmt.Errorf("slack %s: %w", method, err) // network: retried with backoff
}
