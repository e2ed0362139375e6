package teamstest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// App credentials every test uses.
const (
	AppID       = "00000000-0000-0000-0000-00000000a991"
	AppPassword = "teams-app-password"
	Tenant      = "tenant-1"
	TeamID      = "team-1"
	KeyID       = "test-key-1"
)

// Server is the fake. Its zero value is not usable: call Start.
type Server struct {
	URL string
	srv *httptest.Server

	mu       sync.Mutex
	keys     map[string]*rsa.PrivateKey // kid → key, published in the JWKS
	tokens   map[string]string          // access token → scope
	channels map[string]string          // channel ID → display name
	users    map[string]User            // Bot Framework user ID → profile
	msgs     []*Message
	calls    []Call
	faults   map[string][]Fault
	seq      int
}

// User is a member's profile as the connector answers it.
type User struct {
	ID, Name, AADObjectID, Email string
}

// Message is an activity the bot posted.
type Message struct {
	ID      string
	Channel string // the Teams channel (or the conversation, outside channels)
	Root    string // the thread's root activity ID; equal to ID for a root
	Text    string
	Card    map[string]any // the Adaptive Card, when it carries one
	Updates int            // PUTs that replaced it
	At      time.Time
}

// Call is one request the fake answered.
type Call struct {
	Route  string // "POST /v3/conversations"
	Path   string
	Status int
	At     time.Time
}

// Fault is an answer a route gives instead of its own.
type Fault struct {
	Status     int
	RetryAfter string
}

// Start starts the fake with one signing key; it stops with the test.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{keys: map[string]*rsa.PrivateKey{}, tokens: map[string]string{}, channels: map[string]string{},
		users: map[string]User{}, faults: map[string][]Fault{}}
	s.keys[KeyID] = newKey(t)
	s.srv = httptest.NewServer(s.routes())
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

var (
	keyOnce sync.Once
	testKey *rsa.PrivateKey
)

// newKey is the one RSA key of the test process (generating one per fake
// would cost every test a fraction of a second).
func newKey(t testing.TB) *rsa.PrivateKey {
	keyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		testKey = k
	})
	return testKey
}

// Endpoints the bot is configured with.
func (s *Server) ServiceURL() string { return s.URL + "/" }
func (s *Server) LoginURL() string   { return s.URL + "/login/" + Tenant + "/oauth2/v2.0/token" }
func (s *Server) OpenIDURL() string  { return s.URL + "/openid/.well-known/openidconfiguration" }
func (s *Server) GraphURL() string   { return s.URL + "/graph/v1.0" }

// AddChannel adds a channel of the team.
func (s *Server) AddChannel(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[id] = name
}

// AddUser adds a person the members endpoint knows.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// Fail makes route ("POST /v3/conversations") answer f the next n times.
func (s *Server) Fail(route string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[route] = append(s.faults[route], f)
	}
}

// Messages returns copies of the bot's messages, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.msgs))
	for i, m := range s.msgs {
		out[i] = *m
	}
	return out
}

// Threads returns the root messages (thread starters) in channel.
func (s *Server) Threads(channel string) []Message {
	var out []Message
	for _, m := range s.Messages() {
		if m.Channel == channel && m.Root == m.ID {
			out = append(out, m)
		}
	}
	return out
}

// Replies returns the replies in the thread whose root is root.
func (s *Server) Replies(root string) []Message {
	var out []Message
	for _, m := range s.Messages() {
		if m.Root == root && m.ID != root {
			out = append(out, m)
		}
	}
	return out
}

// Channels returns the team's channels, ID → name.
func (s *Server) Channels() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for k, v := range s.channels {
		out[k] = v
	}
	return out
}

// Calls returns the requests answered so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// next is a fresh ID, the way Teams numbers messages (milliseconds-like).
func (s *Server) next() string {
	s.seq++
	return fmt.Sprintf("17000000%05d", s.seq)
}

// apiError writes Microsoft's error body.
func apiError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// authorized checks the bearer token was issued for scope.
func (s *Server) authorized(r *http.Request, scope string) bool {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens[tok] == scope
}

// JWKSFetches counts the requests for the signing keys.
func (s *Server) JWKSFetches() int {
	n := 0
	for _, c := range s.Calls() {
		if c.Path == "/openid/keys" {
			n++
		}
	}
	return n
}

// Lookups counts the Graph listings of channel messages and replies
// answered 200: posts looking for themselves after a possible repeat.
func (s *Server) Lookups() int {
	n := 0
	for _, c := range s.Calls() {
		if (c.Route == RouteListMessages || c.Route == RouteListReplies) && c.Status == http.StatusOK {
			n++
		}
	}
	return n
}
