package incident

import (
	"errors"
	"fmt"
)

// Error codes users can read. Every error shown in chat or returned by the
// HTTP API carries one of these.
const (
	EInvalid      = "invalid"      // the request is malformed or names something impossible
	ENotFound     = "not_found"    // the incident (or team, member) does not exist
	EConflict     = "conflict"     // the incident is in a state that forbids the action
	EUnauthorized = "unauthorized" // the actor may not do this
	EInternal     = "internal"     // anything else; details go to the log only
)

// Error is an error meant for people: a code and a message safe to show in
// chat. Anything that is not an *Error is shown as "Internal error." and logged.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err: its *Error code when it wraps one,
// EInternal for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the message to show a person for err. Internal errors
// are never shown verbatim: they may carry addresses or secrets.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
