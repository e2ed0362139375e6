package connectwise

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/tandemhq/tandem/chat"
)

// APIError is a non-2xx answer of ConnectWise: the HTTP status and the
// error body's code and message (ConnectWise's {"code","message","errors"}).
type APIError struct {
	Call    string
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("connectwise: %s: HTTP %d: %s: %s", e.Call, e.Status, e.Code, e.Message)
}

// errorBody is ConnectWise's error document.
type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Errors  []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"errors"`
}

// statusError maps an answer to what the outbox does with it: nil for
// 2xx; 429 retried after its Retry-After (a second when it gives none);
// 5xx retried with backoff (after Retry-After when given); any other 4xx
// permanent, with ConnectWise's code and message (and field errors).
func statusError(resp *http.Response, call string, body []byte) error {
	code := resp.StatusCode
	if code/100 == 2 {
		return nil
	}
	err := &APIError{Call: call, Status: code}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil && eb.Code != "" {
		err.Code, err.Message = eb.Code, eb.Message
		for _, fe := range eb.Errors {
			err.Message += fmt.Sprintf("; %s: %s", fe.Field, fe.Message)
		}
	} else {
		err.Message = snippet(body)
	}
	return chat.StatusError(code, resp.Header, err)
}

func snippet(body []byte) string {
	s := strings.TrimSpace(string(body))
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}

// IsNotFound reports whether err is ConnectWise's 404 (a ticket deleted).
func IsNotFound(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}
