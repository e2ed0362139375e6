package pagerduty

import (
	"bytes"
	"context"
	"io"
	"net/http"
)

// maxAnswer caps how much of a PagerDuty answer is kept: error bodies are
// a few hundred bytes.
const maxAnswer = 64 << 10

// answer is what PagerDuty answered one request: kept because go-pagerduty's
// client turns an Events API error into a status code alone, dropping the
// body (PagerDuty's message and errors) and the headers (Retry-After) that
// people and the outbox need.
type answer struct {
	status int
	header http.Header
	body   []byte
}

type answerKey struct{}

// withAnswer returns a context whose request will record its answer in a.
// It is a per-call result slot, not configuration.
func withAnswer(ctx context.Context, a *answer) context.Context {
	return context.WithValue(ctx, answerKey{}, a)
}

// recorder is the HTTP client handed to go-pagerduty: it records the answer
// of requests whose context asks for it, and gives the library an intact
// copy of the body.
type recorder struct{ hc *http.Client }

func (r recorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.hc.Do(req)
	a, ok := req.Context().Value(answerKey{}).(*answer)
	if err != nil || !ok {
		return resp, err
	}
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	resp.Body.Close()
	if rerr != nil {
		return nil, rerr
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	a.status, a.header, a.body = resp.StatusCode, resp.Header.Clone(), body
	return resp, nil
}
