package pagerduty

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"
)

// DefaultEventsURL is the root of PagerDuty's Events API.
const DefaultEventsURL = "https://events.pagerduty.com"

// SendError is an event PagerDuty did not take.
type SendError struct {
	Status     int           // HTTP status
	Message    string        // PagerDuty's message, e.g. "Event object is invalid"
	Errors     []string      // PagerDuty's details, e.g. "'payload.summary' is missing or blank"
	RetryAfter time.Duration // from Retry-After; 0 when PagerDuty sent none
}

func (e *SendError) Error() string {
	msg := fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if len(e.Errors) > 0 {
		msg += ": " + strings.Join(e.Errors, "; ")
	}
	return msg
}

// Sender posts events to {events_url}/v2/enqueue.
type Sender struct {
	client *pd.Client
}

// NewSender sends to the Events API at root eventsURL ("" for PagerDuty's)
// through hc (nil for a client with a 10-second timeout).
func NewSender(eventsURL string, hc *http.Client) *Sender {
	if eventsURL == "" {
		eventsURL = DefaultEventsURL
	}
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	c := pd.NewClient("", pd.WithV2EventsAPIEndpoint(strings.TrimRight(eventsURL, "/")))
	c.HTTPClient = recorder{hc}
	return &Sender{client: c}
}

// Send posts one event and returns the dedup key PagerDuty filed it under.
// A refusal is a *SendError; a failure to reach PagerDuty is any other error.
func (s *Sender) Send(ctx context.Context, ev Event) (string, error) {
	var a answer
	resp, err := s.client.ManageEventWithContext(withAnswer(ctx, &a), toV2(ev))
	if err == nil {
		return resp.DedupKey, nil
	}
	var apiErr pd.APIError
	if !errors.As(err, &apiErr) || a.status == 0 {
		return "", fmt.Errorf("send %s to PagerDuty: %w", ev.Action, err)
	}
	return "", refusal(a)
}

// refusal reads PagerDuty's error body: {"status", "message", "errors"}.
func refusal(a answer) *SendError {
	e := &SendError{Status: a.status, RetryAfter: retryAfter(a.header.Get("Retry-After"), time.Now())}
	var body struct {
		Status  string   `json:"status"`
		Message string   `json:"message"`
		Errors  []string `json:"errors"`
	}
	if json.Unmarshal(a.body, &body) == nil {
		e.Message, e.Errors = body.Message, body.Errors
		if e.Message == "" {
			e.Message = body.Status
		}
	}
	return e
}

// retryAfter reads Retry-After as seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func toV2(ev Event) *pd.V2Event {
	v := &pd.V2Event{RoutingKey: ev.RoutingKey, Action: ev.Action, DedupKey: ev.DedupKey}
	if ev.Action != ActionTrigger {
		return v
	}
	v.Client, v.ClientURL = "Tandem", ev.ClientURL
	v.Payload = &pd.V2Payload{Summary: ev.Summary, Source: ev.Source, Severity: ev.Severity,
		Component: ev.Component, Group: ev.Group, Class: ev.Class, Timestamp: ev.Timestamp}
	if len(ev.Details) > 0 {
		v.Payload.Details = ev.Details
	}
	for _, l := range ev.Links {
		v.Links = append(v.Links, map[string]string{"href": l.Href, "text": l.Text})
	}
	return v
}
