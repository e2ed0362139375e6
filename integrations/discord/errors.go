package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/chat"
)

// APIError is an error Discord answered with a JSON error body: the HTTP
// status, Discord's code (10003 Unknown Channel, 50001 Missing Access, …)
// and its message.
type APIError struct {
	Op      string
	Status  int
	Code    int
	Message string
	// Fields holds, for an Invalid Form Body (50035), the first error
	// code Discord gave each field ("parent_id": "CHANNEL_PARENT_MAX_CHANNELS").
	Fields map[string]string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("discord %s: %s (code %d, HTTP %d)", e.Op, e.Message, e.Code, e.Status)
}

// codeMissingPermissions is Discord's answer when the bot lacks a
// permission for the call (e.g. Manage Roles for an overwrite).
const codeMissingPermissions = 50013

// deliveryError says what the outbox should do about a failed call: wait
// as long as a 429 says, retry a 5xx or a network error with backoff, and
// give up on a 4xx, which Discord would answer again.
func deliveryError(op string, err error) error {
	if err == nil {
		return nil
	}
	var rl *rateLimited
	var re *discordgo.RESTError
	switch {
	case errors.As(err, &rl):
		return chat.RetryAfter(rl.After, fmt.Errorf("discord %s: %w", op, rl))
	case errors.As(err, &re) && re.Response != nil:
		e := apiError(op, re)
		if e.Status >= 500 || e.Status == http.StatusRequestTimeout {
			return e
		}
		return chat.Permanent(e)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("discord %s: %w", op, err)
	}
	return fmt.Errorf("discord %s: %w", op, err) // network or 502 after discordgo gave up: retried with backoff
}

func apiError(op string, re *discordgo.RESTError) *APIError {
	e := &APIError{Op: op, Status: re.Response.StatusCode, Message: http.StatusText(re.Response.StatusCode)}
	if m := re.Message; m != nil {
		e.Code = m.Code
		if m.Message != "" {
			e.Message = m.Message
		}
	}
	e.Fields = formErrors(re.ResponseBody)
	return e
}

// hasCode reports whether err is Discord's error code.
func hasCode(err error, code int) bool {
	var e *APIError
	return errors.As(err, &e) && e.Code == code
}

// hasStatus reports whether err is Discord's answer with HTTP status.
func hasStatus(err error, status int) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == status
}
