package pagerdutytest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"unicode/utf8"
)

// Event is an Events API v2 event as PagerDuty received it.
type Event struct {
	RoutingKey string   `json:"routing_key"`
	Action     string   `json:"event_action"`
	DedupKey   string   `json:"dedup_key"`
	Client     string   `json:"client"`
	ClientURL  string   `json:"client_url"`
	Payload    *Payload `json:"payload"`
	Links      []Link   `json:"links"`
}

// Payload is a trigger's alert payload.
type Payload struct {
	Summary       string         `json:"summary"`
	Source        string         `json:"source"`
	Severity      string         `json:"severity"`
	Timestamp     string         `json:"timestamp"`
	Component     string         `json:"component"`
	Group         string         `json:"group"`
	Class         string         `json:"class"`
	CustomDetails map[string]any `json:"custom_details"`
}

// Link is a link attached to an alert.
type Link struct {
	Href string `json:"href"`
	Text string `json:"text"`
}

// Documented limits of the Events API v2.
const (
	maxEventBytes = 512 << 10
	maxSummary    = 1024
	maxDedupKey   = 255
	routingKeyLen = 32
)

func (s *Server) enqueue(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxEventBytes+1))
	s.mu.Lock()
	s.attempts++
	var f *failure
	if len(s.failures) > 0 {
		f = &s.failures[0]
		s.failures = s.failures[1:]
	}
	s.mu.Unlock()
	switch {
	case err != nil:
		invalid(w, "Could not read the request body")
	case f != nil:
		fail(w, *f)
	case len(body) > maxEventBytes:
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"status": "invalid event", "message": "Event object is too large"})
	default:
		s.accept(w, body)
	}
}

func (s *Server) accept(w http.ResponseWriter, body []byte) {
	var e Event
	if err := json.Unmarshal(body, &e); err != nil {
		invalid(w, "Invalid JSON: "+err.Error())
		return
	}
	if problems := validate(e); len(problems) > 0 {
		invalid(w, problems...)
		return
	}
	if e.DedupKey == "" {
		e.DedupKey = newKey() // PagerDuty makes one up for a trigger without
	}
	s.mu.Lock()
	s.events = append(s.events, e)
	s.apply(e)
	s.mu.Unlock()
	writeJSON(w, http.StatusAccepted, map[string]string{"status": "success", "message": "Event processed", "dedup_key": e.DedupKey})
}

// validate checks what PagerDuty documents for an alert event.
func validate(e Event) []string {
	var out []string
	switch {
	case e.RoutingKey == "":
		out = append(out, "'routing_key' is missing or blank")
	case len(e.RoutingKey) != routingKeyLen:
		out = append(out, fmt.Sprintf("Length of 'routing_key' is incorrect (should be %d characters)", routingKeyLen))
	}
	if !slices.Contains([]string{"trigger", "acknowledge", "resolve"}, e.Action) {
		out = append(out, "'event_action' is invalid (must be one of trigger, acknowledge, resolve)")
	}
	if utf8.RuneCountInString(e.DedupKey) > maxDedupKey {
		out = append(out, fmt.Sprintf("'dedup_key' is longer than %d characters", maxDedupKey))
	}
	if e.Action == "acknowledge" || e.Action == "resolve" {
		if e.DedupKey == "" {
			out = append(out, "'dedup_key' is missing or blank")
		}
		return out
	}
	if e.Action == "trigger" {
		out = append(out, validatePayload(e.Payload)...)
	}
	return out
}

func validatePayload(p *Payload) []string {
	if p == nil {
		return []string{"'payload' is missing or blank"}
	}
	var out []string
	if p.Summary == "" {
		out = append(out, "'payload.summary' is missing or blank")
	} else if utf8.RuneCountInString(p.Summary) > maxSummary {
		out = append(out, fmt.Sprintf("'payload.summary' is longer than %d characters", maxSummary))
	}
	if p.Source == "" {
		out = append(out, "'payload.source' is missing or blank")
	}
	if !slices.Contains([]string{"critical", "error", "warning", "info"}, p.Severity) {
		out = append(out, "'payload.severity' is invalid (must be one of critical, error, warning, info)")
	}
	return out
}

// invalid answers 400 with PagerDuty's error body.
func invalid(w http.ResponseWriter, errs ...string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{"status": "invalid event", "message": "Event object is invalid", "errors": errs})
}

func fail(w http.ResponseWriter, f failure) {
	switch f.status {
	case http.StatusBadRequest:
		invalid(w, fmt.Sprintf("Length of 'routing_key' is incorrect (should be %d characters)", routingKeyLen))
	case http.StatusTooManyRequests:
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		writeJSON(w, f.status, map[string]string{"status": "throttle event", "message": "Requests for this service are arriving too quickly. Please retry later."})
	default:
		writeJSON(w, f.status, map[string]string{"status": "error", "message": http.StatusText(f.status)})
	}
}

func newKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
