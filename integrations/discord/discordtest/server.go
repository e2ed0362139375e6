package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Routes, as Discord's docs write them; faults and calls are keyed by them.
const (
	RouteCreateChannel = "POST /guilds/{guild}/channels"
	RouteGetChannel    = "GET /channels/{channel}"
	RouteEditChannel   = "PATCH /channels/{channel}"
	RouteCreateMessage = "POST /channels/{channel}/messages"
	RouteEditMessage   = "PATCH /channels/{channel}/messages/{message}"
	RouteSetPermission = "PUT /channels/{channel}/permissions/{overwrite}"
	RouteBulkOverwrite = "PUT /applications/{app}/guilds/{guild}/commands"
	RouteListCommands  = "GET /applications/{app}/guilds/{guild}/commands"
	RouteFollowUp      = "POST /webhooks/{app}/{token}"
	RouteEditOriginal  = "PATCH /webhooks/{app}/{token}/messages/@original"
	RouteCurrentUser   = "GET /users/@me"
	RouteListChannels  = "GET /guilds/{guild}/channels"
	RouteDeleteChannel = "DELETE /channels/{channel}"
)

// APIPrefix is the path every route is served under.
const APIPrefix = "/api/v10"

// Call is one request the fake received.
type Call struct {
	Route  string // one of the Route constants; "" for an unknown route
	Method string
	Path   string
	Auth   string // the Authorization header
	Body   []byte
	Status int
	At     time.Time
	Answer string // the JSON answered
}

type fault struct {
	route      string
	n          int
	status     int
	code       int
	message    string
	retryAfter float64
}

// Server is a fake Discord REST API. It is safe for concurrent use.
type Server struct {
	// URL is the server's root; configure discord.api_url as APIURL().
	URL   string
	Token string

	srv *httptest.Server
	mu  sync.Mutex
	st  state
}

// New starts a fake Discord accepting the bot token token. Close it when
// done (Start does that for a test).
func New(token string) *Server {
	s := &Server{Token: token, st: newState()}
	s.srv = httptest.NewServer(s.routes())
	s.URL = s.srv.URL
	return s
}

// Start starts a fake Discord for the test and closes it when the test ends.
func Start(t testing.TB, token string) *Server {
	t.Helper()
	s := New(token)
	t.Cleanup(s.Close)
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// APIURL is the value for discord.api_url: the root ending in "/".
func (s *Server) APIURL() string { return s.URL + "/" }

// RateLimit makes the next n requests of route answer 429, as Discord does:
// {"message": "You are being rate limited.", "retry_after": retryAfter,
// "global": false} with Retry-After and X-RateLimit-* headers.
func (s *Server) RateLimit(route string, n int, retryAfter float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.faults = append(s.st.faults, &fault{route: route, n: n, status: http.StatusTooManyRequests, retryAfter: retryAfter})
}

// Fail makes the next n requests of route answer status with Discord's
// error body {"message": message, "code": code}.
func (s *Server) Fail(route string, n, status, code int, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.faults = append(s.st.faults, &fault{route: route, n: n, status: status, code: code, message: message})
}

// Calls returns the calls of route ("" for all), in order.
func (s *Server) Calls(route string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.st.calls {
		if route == "" || c.Route == route {
			out = append(out, c)
		}
	}
	return out
}

// handler is one route's work, called with the lock held; it returns the
// status and the JSON answer.
type handler func(r *http.Request, body []byte) (int, any)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for route, h := range map[string]handler{
		RouteCreateChannel: s.createChannel, RouteGetChannel: s.getChannel, RouteEditChannel: s.editChannel,
		RouteCreateMessage: s.createMessage, RouteEditMessage: s.editMessage, RouteSetPermission: s.setPermission,
		RouteBulkOverwrite: s.bulkOverwrite, RouteListCommands: s.listCommands,
		RouteFollowUp: s.followUp, RouteEditOriginal: s.editOriginal,
		RouteCurrentUser:  s.currentUser,
		RouteListChannels: s.listChannels, RouteDeleteChannel: s.deleteChannel,
	} {
		method, path, _ := strings.Cut(route, " ")
		mux.Handle(method+" "+APIPrefix+path, s.serve(route, h))
	}
	mux.Handle("/", s.serve("", func(*http.Request, []byte) (int, any) {
		return http.StatusNotFound, apiError{Message: "404: Not Found", Code: 0}
	}))
	return mux
}

// serve records the call, checks the bot token (follow-ups authenticate
// with the interaction token in the path instead), plays a programmed
// fault, else runs h.
func (s *Server) serve(route string, h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 32<<20))
		s.mu.Lock()
		defer s.mu.Unlock()
		call := Call{Route: route, Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization"), Body: body, At: time.Now()}
		status, answer := s.answer(w, r, route, body, h)
		call.Status = status
		if b, err := json.Marshal(answer); err == nil && answer != nil {
			call.Answer = string(b)
		}
		s.st.calls = append(s.st.calls, call)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		if status != http.StatusNoContent {
			json.NewEncoder(w).Encode(answer)
		}
	})
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request, route string, body []byte, h handler) (int, any) {
	if !strings.HasPrefix(route, "POST /webhooks/") && !strings.HasPrefix(route, "PATCH /webhooks/") && r.Header.Get("Authorization") != "Bot "+s.Token {
		return http.StatusUnauthorized, apiError{Message: "401: Unauthorized", Code: 0}
	}
	if f := s.takeFault(route); f != nil {
		if f.status == http.StatusTooManyRequests {
			rateLimitHeaders(w.Header(), f.retryAfter)
			return f.status, map[string]any{"message": "You are being rate limited.", "retry_after": f.retryAfter, "global": false}
		}
		return f.status, apiError{Message: f.message, Code: f.code}
	}
	return h(r, body)
}

func (s *Server) takeFault(route string) *fault {
	for i, f := range s.st.faults {
		if f.route == route {
			if f.n--; f.n <= 0 {
				s.st.faults = append(s.st.faults[:i], s.st.faults[i+1:]...)
			}
			return f
		}
	}
	return nil
}

func rateLimitHeaders(h http.Header, retryAfter float64) {
	after := strconv.FormatFloat(retryAfter, 'f', 3, 64)
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(retryAfter))))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(time.Now().UnixMilli())/1000+retryAfter, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", after)
	h.Set("X-RateLimit-Bucket", "fake-bucket")
	h.Set("X-RateLimit-Scope", "user")
}

// apiError is Discord's error body.
type apiError struct {
	Message string          `json:"message"`
	Code    int             `json:"code"`
	Errors  json.RawMessage `json:"errors,omitempty"`
}

// invalidForm is Discord's 400 for a body that breaks its rules.
func invalidForm(format string, args ...any) (int, any) {
	detail, _ := json.Marshal(map[string]any{"_errors": []map[string]string{{"code": "BASE_TYPE_INVALID", "message": fmt.Sprintf(format, args...)}}})
	return http.StatusBadRequest, apiError{Message: "Invalid Form Body", Code: 50035, Errors: detail}
}

func unknown(what string, code int) (int, any) {
	return http.StatusNotFound, apiError{Message: "Unknown " + what, Code: code}
}
