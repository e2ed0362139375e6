// Package connectwisetest is a fake ConnectWise PSA (Manage REST API 3.0)
// for tests: service tickets and their notes in memory, behind the real
// wire format.
//
// Built from ConnectWise's API reference as its public mirrors give it:
// the developer network's ClientID page (developer.connectwise.com/ClientID:
// the clientId header on every request), the Basic "company+public:private"
// API-member authentication (slartimitvar/zabbix-connectwise-webhook
// README.md), the generated SDK references of service/tickets and their
// notes (tjone270/pyconnectwise-psa docs/TicketsApi.md;
// sowderca/connectwise-ruby-sdk docs/ServiceNote.md: text,
// detailDescriptionFlag, internalAnalysisFlag, resolutionFlag, member,
// createdBy), the error document {"code","message","errors"}
// (vc3/connectwise-rest-api src/api/systemAPI.ts) and the callback body
// {"Action","ID","Type","Entity"} a system/callbacks registration POSTs, to
// be answered by reading the ticket back (KerkhoffTechnologies/
// django-connectwise djconnectwise/views.py). Ticket updates are JSON Patch
// arrays; 429 answers carry Retry-After.
//
// What it checks: the Authorization header and clientId (401 otherwise),
// the board, company, status and priority names (400 with field errors),
// JSON Patch operations on status only. What it does like ConnectWise: a
// ticket's initialDescription becomes its first note; every change (by
// the API member or by a person, see Move and Note) stamps _info.updatedBy
// and, with a callback URL set (SetCallbackURL), POSTs a callback.
package connectwisetest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	cw "github.com/tandemhq/tandem/integrations/connectwise"
)

// The fake's credentials and names.
const (
	CompanyID  = "tandemco"
	PublicKey  = "pubkey123"
	PrivateKey = "privkey456"
	ClientID   = "11111111-2222-3333-4444-555555555555"
	// APIMember is the identifier of the API member the keys belong to:
	// the updater of every change Tandem makes.
	APIMember = "TandemAPI"
	Board     = "MSP Incidents"
	Company   = "ACME"
	// The board's statuses.
	StatusNew, StatusAck, StatusResolved = "New", "In Progress", "Resolved"
)

// Priorities are the priority names the fake knows.
var Priorities = []string{"Priority 1 - Critical", "Priority 2 - High", "Priority 3 - Medium", "Priority 4 - Low"}

// Server is the fake ConnectWise.
type Server struct {
	*httptest.Server
	// URL is the API root, ending in /v4_6_release/apis/3.0/.
	URL     string
	mu      sync.Mutex
	tickets []*cw.Ticket
	notes   map[int][]cw.Note
	nextID  int
	faults  []fault
	calls   map[string]int
	pending sync.WaitGroup
	now     func() time.Time
	// callbackURL, when set, gets a callback for every ticket change.
	callbackURL string
	onWrite     func(call string)
}

// WaitCallbacks waits until every callback sent so far was answered.
func (s *Server) WaitCallbacks() { s.pending.Wait() }

// OnWrite sets f to run after a ticket or a note is stored and before the
// call is answered: where a test kills the bot (the write made, its
// answer lost). f may block; it runs outside the fake's lock.
func (s *Server) OnWrite(f func(call string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onWrite = f
}

// written runs the OnWrite hook for call.
func (s *Server) written(call string) {
	s.mu.Lock()
	f := s.onWrite
	s.mu.Unlock()
	if f != nil {
		f(call)
	}
}

// SetCallbackURL registers url (with its ?token=) as the callback of every
// ticket change, as a system/callbacks entry does; "" stops them.
func (s *Server) SetCallbackURL(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.callbackURL = url
}

// fault is one answer the fake gives in place of serving a call.
type fault struct {
	status     int
	retryAfter string
	match      string // "METHOD path" as Calls names it, "" for any call
}

// Start starts the fake until the test ends.
func Start(t testing.TB) *Server {
	s := &Server{notes: map[int][]cw.Note{}, nextID: 1000, calls: map[string]int{}, now: time.Now}
	mux := http.NewServeMux()
	const root = "/v4_6_release/apis/3.0/"
	mux.HandleFunc("POST "+root+"service/tickets", s.auth(s.createTicket))
	mux.HandleFunc("GET "+root+"service/tickets", s.auth(s.findTickets))
	mux.HandleFunc("GET "+root+"service/tickets/{id}", s.auth(s.getTicket))
	mux.HandleFunc("PATCH "+root+"service/tickets/{id}", s.auth(s.patchTicket))
	mux.HandleFunc("POST "+root+"service/tickets/{id}/notes", s.auth(s.addNote))
	mux.HandleFunc("GET "+root+"service/tickets/{id}/notes", s.auth(s.listNotes))
	s.Server = httptest.NewServer(mux)
	s.URL = s.Server.URL + root
	t.Cleanup(func() { s.Server.Close(); s.pending.Wait() })
	return s
}

// Fail makes the next n calls named match (as Calls names them: "POST
// service/tickets/{id}/notes"; "" for any call) answer status, with
// Retry-After when retryAfter is set.
func (s *Server) Fail(n int, match string, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults = append(s.faults, fault{status: status, retryAfter: retryAfter, match: match})
	}
}

// Calls is how many calls "METHOD path" (path from the API root, no
// query, IDs as {id}) were served, faults included.
func (s *Server) Calls(call string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[call]
}

// auth checks the credentials and clientId, counts the call and injects
// the faults asked for, before serving it.
func (s *Server) auth(next http.HandlerFunc) http.HandlerFunc {
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(CompanyID+"+"+PublicKey+":"+PrivateKey))
	return func(w http.ResponseWriter, r *http.Request) {
		call := r.Method + " " + callPath(r.URL.Path)
		s.mu.Lock()
		s.calls[call]++
		f, faulted := s.takeFault(call)
		s.mu.Unlock()
		switch {
		case r.Header.Get("Authorization") != want:
			writeError(w, http.StatusUnauthorized, "Unauthorized", "Authentication failed: the API keys or company are wrong", "")
		case r.Header.Get("clientId") == "":
			writeError(w, http.StatusUnauthorized, "Unauthorized", "clientId header is required", "")
		case faulted:
			if f.retryAfter != "" {
				w.Header().Set("Retry-After", f.retryAfter)
			}
			writeError(w, f.status, http.StatusText(f.status), "injected fault", "")
		default:
			next(w, r)
		}
	}
}

func (s *Server) takeFault(call string) (fault, bool) {
	for i, f := range s.faults {
		if f.match == "" || f.match == call {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return f, true
		}
	}
	return fault{}, false
}

// callPath is the path from the API root with numeric IDs as {id}.
func callPath(p string) string {
	p = strings.TrimPrefix(p, "/v4_6_release/apis/3.0/")
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if part != "" && strings.Trim(part, "0123456789") == "" {
			parts[i] = "{id}"
		}
	}
	return strings.Join(parts, "/")
}

// writeError answers ConnectWise's error document; field, when set, is
// given as one field error (as a 400 InvalidObject carries them).
func writeError(w http.ResponseWriter, status int, code, msg, field string) {
	body := map[string]any{"code": code, "message": msg}
	if field != "" {
		body["errors"] = []map[string]string{{"code": "InvalidField", "message": msg, "resource": "ticket", "field": field}}
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
