package teamstest

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// Route patterns, also the keys of Fail.
const (
	RouteToken        = "POST /login/{tenant}/oauth2/v2.0/token"
	RouteCreateThread = "POST /v3/conversations"
	RouteSend         = "POST /v3/conversations/{conv}/activities"
	RouteUpdate       = "PUT /v3/conversations/{conv}/activities/{id}"
	RouteMember       = "GET /v3/conversations/{conv}/members/{user}"
	RouteCreateChan   = "POST /graph/v1.0/teams/{team}/channels"
	RouteListChans    = "GET /graph/v1.0/teams/{team}/channels"
	RouteListMessages = "GET /graph/v1.0/teams/{team}/channels/{channel}/messages"
	RouteListReplies  = "GET /graph/v1.0/teams/{team}/channels/{channel}/messages/{root}/replies"
)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(RouteToken, s.token)
	mux.HandleFunc("GET /openid/.well-known/openidconfiguration", s.openID)
	mux.HandleFunc("GET /openid/keys", s.jwks)
	mux.HandleFunc(RouteCreateThread, s.createThread)
	mux.HandleFunc(RouteSend, s.send)
	mux.HandleFunc(RouteUpdate, s.update)
	mux.HandleFunc(RouteMember, s.member)
	mux.HandleFunc(RouteCreateChan, s.createChannel)
	mux.HandleFunc(RouteListChans, s.listChannels)
	mux.HandleFunc(RouteListMessages, s.listMessages)
	mux.HandleFunc(RouteListReplies, s.listMessages)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, route := mux.Handler(r)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		if f, ok := s.takeFault(route); ok {
			if f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.RetryAfter)
			}
			apiError(rec, f.Status, "ServiceError", "injected fault")
		} else {
			mux.ServeHTTP(rec, r)
		}
		s.mu.Lock()
		s.calls = append(s.calls, Call{Route: route, Path: r.URL.Path, Status: rec.status, At: time.Now()})
		s.mu.Unlock()
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (s *Server) takeFault(route string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[route]
	if len(q) == 0 {
		return Fault{}, false
	}
	s.faults[route] = q[1:]
	return q[0], true
}

// token issues a client-credentials token for the app's ID and password.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		apiError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be client_credentials")
		return
	}
	if r.PostForm.Get("client_id") != AppID || r.PostForm.Get("client_secret") != AppPassword {
		apiError(w, http.StatusUnauthorized, "invalid_client", "AADSTS7000215: Invalid client secret provided.")
		return
	}
	s.mu.Lock()
	tok := "access-" + s.next()
	s.tokens[tok] = r.PostForm.Get("scope")
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": tok})
}

func (s *Server) openID(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"issuer": "https://api.botframework.com",
		"authorization_endpoint": "https://invalid.botframework.com", "jwks_uri": s.URL + "/openid/keys",
		"id_token_signing_alg_values_supported": []string{"RS256"}, "token_endpoint_auth_methods_supported": []string{"private_key_jwt"}})
}

func (s *Server) jwks(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	var set jose.JSONWebKeySet
	for kid, k := range s.keys {
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: &k.PublicKey, KeyID: kid, Algorithm: "RS256", Use: "sig"})
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, set)
}

// AddKey publishes one more signing key (Microsoft rotating its keys).
func (s *Server) AddKey(kid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[kid] = testKey
}

// activity is what the fake reads of a posted activity.
type activity struct {
	Type        string `json:"type"`
	Text        string `json:"text"`
	Attachments []struct {
		ContentType string         `json:"contentType"`
		Content     map[string]any `json:"content"`
	} `json:"attachments"`
}

func (a activity) card() map[string]any {
	for _, at := range a.Attachments {
		if at.ContentType == "application/vnd.microsoft.card.adaptive" {
			return at.Content
		}
	}
	return nil
}

// text is the activity's text, or its card's text blocks when it has none.
func (a activity) text() string {
	if a.Text != "" {
		return a.Text
	}
	var parts []string
	body, _ := a.card()["body"].([]any)
	for _, el := range body {
		if m, ok := el.(map[string]any); ok && m["type"] == "TextBlock" {
			s, _ := m["text"].(string)
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n")
}

// decode reads a JSON body, answering 400 BadArgument when it is not.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		apiError(w, http.StatusBadRequest, "BadArgument", "malformed JSON: "+err.Error())
		return false
	}
	return true
}

// splitConv splits "19:…@thread.tacv2;messageid=N" into channel and root.
func splitConv(conv string) (string, string) {
	ch, root, _ := strings.Cut(conv, ";messageid=")
	return ch, root
}
