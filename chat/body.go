package chat

import (
	"errors"
	"io"
	"net/http"
)

// MaxBody caps every request body Tandem reads: webhooks, Slack, Discord
// and PagerDuty requests alike (DESIGN §4).
const MaxBody = 1 << 20

// maxDrain bounds what ReadBody reads and discards of an oversized body.
const maxDrain = 8 << 20

// ReadBody reads r's body, at most MaxBody bytes; a body whose
// Content-Length is larger is refused before a byte of it is stored,
// whatever its credentials. On failure it returns the status to answer
// (413 too large, 400 unreadable) and an error worded for the answer.
//
// The rest of an oversized body (up to 8 MiB, within the server's read
// timeout) is read and discarded before the caller answers: a client
// still writing when the server answers and closes gets "broken pipe"
// instead of the 413, and Alertmanager then retries a payload that can
// never succeed.
func ReadBody(w http.ResponseWriter, r *http.Request) ([]byte, int, error) {
	tooLarge := errors.New("body larger than 1 MiB")
	if r.ContentLength > MaxBody {
		refuse(w, r.Body)
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	switch {
	case err != nil:
		return nil, http.StatusBadRequest, errors.New("could not read the body: " + err.Error())
	case len(body) > MaxBody:
		refuse(w, r.Body)
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	}
	return body, 0, nil
}

// refuse drains what is left of an oversized body, so the client has sent
// it all when the 413 comes, and closes the connection after the answer:
// a body past the drain bound is not read to its end.
func refuse(w http.ResponseWriter, body io.Reader) {
	io.CopyN(io.Discard, body, maxDrain)
	w.Header().Set("Connection", "close")
}
