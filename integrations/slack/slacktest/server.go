// Package slacktest is a fake Slack for tests and load runs: an HTTP
// server speaking the Web API's wire format (form or JSON bodies, bearer or
// form tokens, {"ok":false,"error":…} answers, 429 with Retry-After on
// demand), keeping channels, messages and files the way Slack would (files
// through the external upload, its upload URLs on the same loopback
// server), recording every call; plus a Sender that signs slash commands
// and button clicks the way Slack does and receives the answers posted to
// response_url.
package slacktest

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Tokens the fake accepts by default.
const (
	BotToken = "xoxb-test-token"
	AppToken = "xapp-test-token"
	// BotUser is the bot's own user ID (auth.test).
	BotUser = "UTANDEMBOT"
)

// Call is one Web API call as the fake received it.
type Call struct {
	Method string
	// Params are the form fields, or the JSON body's top-level fields (a
	// value that is not a string is kept as its JSON text).
	Params map[string]string
	At     time.Time
	// Answer is the error the fake answered with ("" for ok).
	Answer string
}

// failure is an injected answer for the next calls of a method.
type failure struct {
	n          int
	status     int
	retryAfter time.Duration
	code       string
	// lose: the call takes effect, then the connection is dropped
	// without an answer.
	lose bool
}

// Server is a fake Slack. It is safe for concurrent use.
type Server struct {
	*httptest.Server
	t testing.TB

	mu      sync.Mutex
	calls   []Call
	fail    map[string]*failure
	state   *state
	answers map[string][]Answer // response_url ID → what was posted
	tokens  map[string]bool
	socket  *socket
	seq     int
	scopes  []string // granted; nil is DefaultScopes (scopes.go)
}

// New starts a fake Slack on a loopback port, stopped when t ends.
func New(t testing.TB) *Server {
	s := &Server{t: t, fail: map[string]*failure{}, state: newState(), answers: map[string][]Answer{},
		tokens: map[string]bool{BotToken: true}}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.api)
	mux.HandleFunc("POST /respond/{id}", s.respond)
	mux.HandleFunc("POST /upload/{key}", s.upload)
	mux.HandleFunc("/socket", s.serveSocket)
	s.Server = httptest.NewServer(mux)
	s.mu.Lock() // handlers read the state under mu
	s.state.uploadBase = s.URL + "/upload/"
	s.mu.Unlock()
	t.Cleanup(s.Close)
	return s
}

// APIURL is the Web API base to configure (slack.api_url): it ends in "/".
func (s *Server) APIURL() string { return s.URL + "/api/" }

// FailNext makes the next n calls of method fail: with HTTP status (a 429
// carries Retry-After when retryAfter > 0; a 5xx an HTML body as Slack's
// edge does), before the call has any effect.
func (s *Server) FailNext(method string, n, status int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[method] = &failure{n: n, status: status, retryAfter: retryAfter}
}

// FailNextWith makes the next n calls of method answer
// {"ok":false,"error":code} with HTTP 200, as Slack does.
func (s *Server) FailNextWith(method string, n int, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[method] = &failure{n: n, status: http.StatusOK, code: code}
}

// LoseNextAnswer makes the next n calls of method take effect (the
// message is posted) and then drops the connection without an answer: what
// the caller sees when the network or Slack's edge fails between Slack
// doing the work and the caller hearing of it. The call is recorded with
// Answer "(lost)".
func (s *Server) LoseNextAnswer(method string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[method] = &failure{n: n, lose: true}
}

// Calls returns the calls of method so far (every call when method is "").
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// OKCalls returns the calls of method that succeeded.
func (s *Server) OKCalls(method string) []Call {
	var out []Call
	for _, c := range s.Calls(method) {
		if c.Answer == "" {
			out = append(out, c)
		}
	}
	return out
}

func (s *Server) api(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	params, token := readParams(r)
	call := Call{Method: method, Params: params, At: time.Now()}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() { s.calls = append(s.calls, call) }()
	f := s.fail[method]
	if f != nil && f.n > 0 && !f.lose {
		f.n--
		call.Answer = f.answer(w)
		return
	}
	if !s.authorized(method, token) {
		call.Answer = errorAnswer(w, authError(token))
		return
	}
	w.Header().Set("X-OAuth-Scopes", s.scopeHeader())
	if method == "apps.connections.open" {
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "url": s.socketURL()})
		return
	}
	h, ok := methods[method]
	if !ok {
		call.Answer = errorAnswer(w, "unknown_method")
		return
	}
	res, code := h(s.state, params)
	if code != "" {
		call.Answer = errorAnswer(w, code)
		return
	}
	if f != nil && f.n > 0 && f.lose {
		f.n--
		call.Answer = "(lost)"
		drop()
		return
	}
	res["ok"] = true
	writeJSON(w, http.StatusOK, res)
}

func (f *failure) answer(w http.ResponseWriter) string {
	switch {
	case f.code != "":
		return errorAnswer(w, f.code)
	case f.status == http.StatusTooManyRequests:
		if f.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(f.retryAfter.Round(time.Second)/time.Second)))
		}
		writeJSON(w, f.status, map[string]any{"ok": false, "error": "ratelimited"})
		return "ratelimited"
	}
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(f.status)
	io.WriteString(w, "<html><body>Slack is having trouble</body></html>")
	return "HTTP " + strconv.Itoa(f.status)
}

func (s *Server) authorized(method, token string) bool {
	if method == "apps.connections.open" {
		return strings.HasPrefix(token, "xapp-") && token == AppToken
	}
	return s.tokens[token]
}

func authError(token string) string {
	if token == "" {
		return "not_authed"
	}
	return "invalid_auth"
}

func errorAnswer(w http.ResponseWriter, code string) string {
	writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": code})
	return code
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// readParams reads a form body, a JSON body or the query string, and the
// token from Authorization: Bearer or the token field, as Slack accepts.
func readParams(r *http.Request) (map[string]string, string) {
	params := map[string]string{}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		var m map[string]json.RawMessage
		json.Unmarshal(body, &m)
		for k, v := range m {
			var str string
			if json.Unmarshal(v, &str) == nil {
				params[k] = str
			} else {
				params[k] = string(v)
			}
		}
	} else {
		form, _ := url.ParseQuery(string(body))
		for k, v := range r.URL.Query() {
			form[k] = v
		}
		for k, v := range form {
			params[k] = v[0]
		}
	}
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" {
		token = params["token"]
	}
	delete(params, "token")
	return params, token
}

// drop ends the request without an answer: net/http closes the
// connection when a handler panics with ErrAbortHandler (the deferred
// unlock and record still run).
func drop() {
	panic(http.ErrAbortHandler)
}
