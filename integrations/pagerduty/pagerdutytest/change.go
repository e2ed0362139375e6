package pagerdutytest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// ChangeEvent is a change event as PagerDuty received it
// (POST /v2/change/enqueue; PagerDuty's developer docs, "Send a Change
// Event": routing_key and payload.summary required, 202 on success, 400
// "invalid event" with errors otherwise). Change events notify nobody:
// `tandem doctor` sends one to prove a routing key is accepted.
type ChangeEvent struct {
	RoutingKey string `json:"routing_key"`
	Payload    struct {
		Summary   string `json:"summary"`
		Source    string `json:"source"`
		Timestamp string `json:"timestamp"`
	} `json:"payload"`
}

// RefuseRoutingKey makes the fake answer events for key as PagerDuty
// answers a key with no integration behind it (removed, or mistyped with
// the right length): 400 invalid event, "Invalid routing key". It applies
// to change events, the ones `tandem doctor` sends.
func (s *Server) RefuseRoutingKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refused == nil {
		s.refused = map[string]bool{}
	}
	s.refused[key] = true
}

// ChangeEvents returns the change events accepted so far, in order.
func (s *Server) ChangeEvents() []ChangeEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ChangeEvent(nil), s.changes...)
}

func (s *Server) changeEnqueue(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxEventBytes+1))
	var e ChangeEvent
	switch {
	case err != nil || len(body) > maxEventBytes:
		invalid(w, "Could not read the request body")
		return
	case json.Unmarshal(body, &e) != nil:
		invalid(w, "Invalid JSON")
		return
	case len(e.RoutingKey) != routingKeyLen:
		invalid(w, fmt.Sprintf("Length of 'routing_key' is incorrect (should be %d characters)", routingKeyLen))
		return
	case e.Payload.Summary == "":
		invalid(w, "'payload.summary' is missing or blank")
		return
	}
	s.mu.Lock()
	refused := s.refused[e.RoutingKey]
	if !refused {
		s.changes = append(s.changes, e)
	}
	s.mu.Unlock()
	if refused {
		invalid(w, "Invalid routing key")
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"status": "success", "message": "Change event processed"})
}

// listAbilities serves GET /abilities (REST API v2): the account's
// abilities, readable with any valid API token.
func (s *Server) listAbilities(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"abilities": []string{"teams", "read_only_users", "event_rules"}})
}

// AcceptRoutingKey undoes RefuseRoutingKey.
func (s *Server) AcceptRoutingKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.refused, key)
}
