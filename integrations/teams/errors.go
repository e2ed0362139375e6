package teams

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/tandemhq/tandem/chat"
)

// statusError maps an answer to what the outbox does with it: nil for
// 2xx; 429 retried after its Retry-After (a second when it gives none);
// 5xx retried with backoff (after Retry-After when given); any other 4xx
// permanent, with Microsoft's error body in the message.
func statusError(resp *http.Response, call string, body []byte) error {
	code := resp.StatusCode
	if code/100 == 2 {
		return nil
	}
	err := &APIError{Call: call, Status: code, Body: snippet(body)}
	after := retryAfter(resp.Header)
	switch {
	case code == http.StatusTooManyRequests:
		return chat.RetryAfter(max(after, time.Second), err)
	case code >= 500 && after > 0:
		return chat.RetryAfter(after, err)
	case code >= 500:
		return err
	}
	return chat.Permanent(err)
}

// APIError is a non-2xx answer of the connector, Graph or the token endpoint.
type APIError struct {
	Call   string
	Status int
	Body   string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("teams: %s: HTTP %d: %s", e.Call, e.Status, e.Body)
}

// retryAfter reads Retry-After in seconds (0 when absent or a date).
func retryAfter(h http.Header) time.Duration {
	secs, err := strconv.Atoi(h.Get("Retry-After"))
	if err != nil || secs <= 0 {
		return 0
	}
	return time.Duration(secs) * time.Second
}

func snippet(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) > 300 {
		body = body[:300]
	}
	return string(body)
}
