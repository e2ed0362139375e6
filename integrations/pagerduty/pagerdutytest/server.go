// Package pagerdutytest is a fake PagerDuty for tests, speaking the wire
// formats PagerDuty documents: the Events API v2 (POST /v2/enqueue, with its
// validation, 202/400/429 answers and programmable failures), the REST API's
// GET /oncalls, GET /incidents/{id}/alerts, GET /users/{id} and GET /users?query= (users.go), and signed v3 webhooks sent
// to the bot under test.
package pagerdutytest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Server is a fake PagerDuty on a loopback port. Its URL serves as both
// pagerduty.events_url and pagerduty.api_url.
type Server struct {
	URL string
	// Token, when set, is the REST API token the fake requires
	// (Authorization: Token token=…).
	Token string

	mu       sync.Mutex
	events   []Event
	attempts int
	failures []failure
	oncalls  map[string][]User   // schedule or escalation policy ID → on-call users, level 1 first
	alerts   map[string][]string // PagerDuty incident ID → alert keys
	users    map[string]User     // PagerDuty user ID → user, for GET /users/{id}
	apiDown  int                 // status the REST API answers with; 0 when up
	restHits int
	// opened: per routing key and dedup key, the incidents the events
	// opened, the last one possibly still open (see Incidents).
	opened map[string][]*incidentState
	// changes and refused: change.go.
	changes []ChangeEvent
	refused map[string]bool
}

// incidentState is one PagerDuty incident as the events made it.
type incidentState struct{ status string }

type failure struct {
	status     int
	retryAfter string
}

// New starts a fake PagerDuty, stopped when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{oncalls: map[string][]User{}, alerts: map[string][]string{}, users: map[string]User{}, opened: map[string][]*incidentState{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v2/change/enqueue", s.changeEnqueue)
	mux.HandleFunc("GET /abilities", s.rest(s.listAbilities))
	mux.HandleFunc("POST /v2/enqueue", s.enqueue)
	mux.HandleFunc("GET /oncalls", s.rest(s.listOnCalls))
	mux.HandleFunc("GET /incidents/{id}/alerts", s.rest(s.listAlerts))
	mux.HandleFunc("GET /users/{id}", s.rest(s.getUser))
	mux.HandleFunc("GET /users", s.rest(s.listUsers))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Events returns every event accepted so far, in order.
func (s *Server) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Event(nil), s.events...)
}

// EventsFor returns the accepted events with action (trigger, acknowledge,
// resolve) and, unless dedupKey is "", that dedup key.
func (s *Server) EventsFor(action, dedupKey string) []Event {
	var out []Event
	for _, e := range s.Events() {
		if e.Action == action && (dedupKey == "" || e.DedupKey == dedupKey) {
			out = append(out, e)
		}
	}
	return out
}

// Incidents is how many PagerDuty incidents the events with dedupKey
// opened (on any routing key), and the status of the latest ("" for none):
// what PagerDuty makes of events. A trigger while an incident with its
// dedup key is open (triggered or acknowledged) is merged into it and
// notifies nobody again; after a resolve, a trigger opens a new incident,
// which pages the on-call again. Acknowledge and resolve apply to the open
// incident and are dropped when there is none.
func (s *Server) Incidents(dedupKey string) (n int, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, incs := range s.opened {
		if strings.HasSuffix(k, "\x00"+dedupKey) {
			n += len(incs)
			status = incs[len(incs)-1].status
		}
	}
	return n, status
}

// apply plays an accepted event on the incidents; s.mu is held.
func (s *Server) apply(e Event) {
	k := e.RoutingKey + "\x00" + e.DedupKey
	incs := s.opened[k]
	var open *incidentState
	if len(incs) > 0 && incs[len(incs)-1].status != "resolved" {
		open = incs[len(incs)-1]
	}
	switch {
	case e.Action == "trigger" && open == nil:
		s.opened[k] = append(incs, &incidentState{status: "triggered"})
	case e.Action == "acknowledge" && open != nil:
		open.status = "acknowledged"
	case e.Action == "resolve" && open != nil:
		open.status = "resolved"
	}
}

// Attempts is how many POST /v2/enqueue requests arrived, answered or failed.
func (s *Server) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

// FailNext answers the next n events with status (429, 400, 500, ...) and
// PagerDuty's body for it, accepting nothing.
func (s *Server) FailNext(n, status int) { s.failNext(n, failure{status: status}) }

// FailNextRetryAfter answers the next n events 429 with Retry-After: value.
func (s *Server) FailNextRetryAfter(n int, value string) {
	s.failNext(n, failure{status: http.StatusTooManyRequests, retryAfter: value})
}

func (s *Server) failNext(n int, f failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures = append(s.failures, f)
	}
}

// SetOnCall makes GET /oncalls name users (level 1 first) for the schedule
// or escalation policy id. No users: nobody on call.
func (s *Server) SetOnCall(id string, users ...User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oncalls[id] = users
}

// AddUser makes GET /users/{id} and GET /users?query= know u.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// SetAlerts gives PagerDuty incident id alerts with these alert keys.
func (s *Server) SetAlerts(id string, keys ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.alerts[id] = keys
}

// SetAPIDown makes the REST API answer status (e.g. 503) to everything;
// 0 brings it back.
func (s *Server) SetAPIDown(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apiDown = status
}

// RESTRequests is how many REST API requests arrived.
func (s *Server) RESTRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.restHits
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
