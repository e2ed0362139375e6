// Package halopsatest is a fake HaloPSA for tests, speaking the wire format
// of HaloPSA's REST API as its reference describes it
// (https://kb.dtctoday.com/books/halopsa-api-reference: ticket-endpoints
// for GET/POST /Tickets and the client_ref filter, action-endpoints and
// action-endpoints-cont for GET/POST /Actions, new_status and
// hiddenfromuser) and the OAuth2 client-credentials token at /auth/token
// (form grant_type, client_id, client_secret, scope=all; as the HaloAPI
// PowerShell module's Connect-HaloAPI uses it). Its outbound webhooks
// follow https://usehalo.com/guide/webhook-integration: a JSON POST holding
// the ticket and action objects, with Basic authentication. Rate limiting
// answers 429 with Retry-After, as Halo does past its request budget
// (https://docs.d3security.com/integration-docs/integration-docs/halopsa:
// 500 requests per rolling 5 minutes).
//
// Tickets and actions live in memory. Fail injects answers (429, 5xx) into
// the next calls; AgentAction plays a Halo agent working the ticket; Notify
// sends the webhook Halo would send for it.
package halopsatest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/integrations/halopsa"
)

// Credentials the fake accepts, and the agent its API application acts as.
const (
	ClientID     = "tandem-app"
	ClientSecret = "halo-secret"
	APIAgentID   = 1
	APIAgentName = "API (Tandem)"
)

// Server is a running fake HaloPSA.
type Server struct {
	URL string
	srv *httptest.Server

	mu      sync.Mutex
	tickets map[int]*halopsa.Ticket
	order   []int
	actions map[int][]halopsa.Action // by ticket, oldest first
	nextID  int
	tokens  map[string]bool
	issued  int
	faults  []fault
	calls   map[string]int
	delay   time.Duration
}

// SetDelay makes every write answer d after it is saved: a client killed
// in that moment wrote without knowing it.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// pause waits the write delay (mu not held).
func (s *Server) pause() {
	s.mu.Lock()
	d := s.delay
	s.mu.Unlock()
	time.Sleep(d)
}

// fault is an answer given to the next calls matching method and path prefix.
type fault struct {
	method, prefix string
	status         int
	retryAfter     string
	times          int
}

// Start starts a fake, stopped when the test ends.
func Start(t testing.TB) *Server {
	s := &Server{tickets: map[int]*halopsa.Ticket{}, actions: map[int][]halopsa.Action{}, nextID: 1000,
		tokens: map[string]bool{}, calls: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/token", s.token)
	mux.HandleFunc("POST /api/Tickets", s.api(s.postTickets))
	mux.HandleFunc("GET /api/Tickets", s.api(s.listTickets))
	mux.HandleFunc("GET /api/Tickets/{id}", s.api(s.getTicket))
	mux.HandleFunc("POST /api/Actions", s.api(s.postActions))
	mux.HandleFunc("GET /api/Actions", s.api(s.listActions))
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// APIURL and AuthURL are what a config names.
func (s *Server) APIURL() string  { return s.URL + "/api/" }
func (s *Server) AuthURL() string { return s.URL + "/auth/token" }

// Fail answers the next times calls of method to a path starting with
// prefix ("/api/Actions") with status, and Retry-After when set.
func (s *Server) Fail(method, prefix string, status int, retryAfter string, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{method, prefix, status, retryAfter, times})
}

// Calls counts the calls answered so far by "METHOD /path" (faults included).
func (s *Server) Calls(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[key]
}

// TokensIssued counts the access tokens handed out.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// token is the client-credentials grant.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, 400, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	if r.PostForm.Get("client_id") != ClientID || r.PostForm.Get("client_secret") != ClientSecret {
		writeJSON(w, 401, map[string]string{"error": "invalid_client", "error_description": "Invalid client credentials"})
		return
	}
	if r.PostForm.Get("scope") == "" {
		writeJSON(w, 400, map[string]string{"error": "invalid_scope"})
		return
	}
	s.mu.Lock()
	s.issued++
	tok := "tok-" + strconv.Itoa(s.issued)
	s.tokens[tok] = true
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 3600, "scope": "all"})
}

// api wraps an endpoint with the bearer check, call counting and faults.
func (s *Server) api(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls[r.Method+" "+r.URL.Path]++
		ok := s.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		f := s.takeFault(r)
		s.mu.Unlock()
		switch {
		case !ok:
			writeJSON(w, 401, map[string]string{"message": "Authorization has been denied for this request."})
		case f != nil:
			if f.retryAfter != "" {
				w.Header().Set("Retry-After", f.retryAfter)
			}
			writeJSON(w, f.status, map[string]string{"message": http.StatusText(f.status)})
		default:
			h(w, r)
		}
	}
}

// takeFault returns the fault for r, if one is due (mu held).
func (s *Server) takeFault(r *http.Request) *fault {
	for i := range s.faults {
		f := &s.faults[i]
		if f.times > 0 && f.method == r.Method && strings.HasPrefix(r.URL.Path, f.prefix) {
			f.times--
			out := *f
			return &out
		}
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
