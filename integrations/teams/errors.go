package teams

import (
	"bytes"
	"fmt"
	"net/http"

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
	return chat.StatusError(code, resp.Header, &APIError{Call: call, Status: code, Body: snippet(body)})
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

func snippet(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) > 300 {
		body = body[:300]
	}
	return string(body)
}
