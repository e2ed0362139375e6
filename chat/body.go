package chat

import (
	"errors"
	"io"
	"net/http"
)

// MaxBody caps every request body Tandem reads: webhooks, Slack, Discord
// and PagerDuty requests alike (DESIGN §4).
const MaxBody = 1 << 20

// ReadBody reads r's body, at most MaxBody bytes; a body whose
// Content-Length is larger is refused before a byte of it is read,
// whatever its credentials. On failure it returns the status to answer
// (413 too large, 400 unreadable) and an error worded for the answer.
func ReadBody(w http.ResponseWriter, r *http.Request) ([]byte, int, error) {
	tooLarge := errors.New("body larger than 1 MiB")
	if r.ContentLength > MaxBody {
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	case err != nil:
		return nil, http.StatusBadRequest, errors.New("could not read the body: " + err.Error())
	}
	return body, 0, nil
}
