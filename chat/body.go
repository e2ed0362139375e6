package chat

import (
	"encoding/json"
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
// whatever its credentials. When it cannot read the body it answers
// (413 too large, 400 unreadable, with {"error": "..."}) and returns false
// with the status it answered (for metrics).
//
// The rest of an oversized body (up to 8 MiB, within the server's read
// timeout) is read and discarded before the answer: a client still writing
// when the server answers and closes gets "broken pipe" instead of the
// 413, and Alertmanager then retries a payload that can never succeed.
func ReadBody(w http.ResponseWriter, r *http.Request) (body []byte, status int, ok bool) {
	const tooLarge = "body larger than 1 MiB"
	if r.ContentLength > MaxBody {
		refuse(w, r.Body)
		WriteError(w, http.StatusRequestEntityTooLarge, tooLarge)
		return nil, http.StatusRequestEntityTooLarge, false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	switch {
	case err != nil:
		WriteError(w, http.StatusBadRequest, "could not read the body: "+err.Error())
		return nil, http.StatusBadRequest, false
	case len(body) > MaxBody:
		refuse(w, r.Body)
		WriteError(w, http.StatusRequestEntityTooLarge, tooLarge)
		return nil, http.StatusRequestEntityTooLarge, false
	}
	return body, 0, true
}

// WriteJSON answers code with v as JSON. HTML is not escaped: the readers
// are programs, and "\u003c" in an error message is only noise.
func WriteJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// WriteError answers code with {"error": msg}, the error shape of every
// endpoint (DESIGN §5.2).
func WriteError(w http.ResponseWriter, code int, msg string) {
	WriteJSON(w, code, map[string]string{"error": msg})
}

// refuse drains what is left of an oversized body, so the client has sent
// it all when the 413 comes, and closes the connection after the answer:
// a body past the drain bound is not read to its end.
func refuse(w http.ResponseWriter, body io.Reader) {
	io.CopyN(io.Discard, body, maxDrain)
	w.Header().Set("Connection", "close")
}
