package pagerduty

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// SignatureHeader carries a v3 webhook's signatures: "v1=<hex>", several
// comma-separated while a subscription's secret is being rotated.
const SignatureHeader = "X-PagerDuty-Signature"

// v3 webhook event types Tandem acts on.
const (
	EventAcknowledged   = "incident.acknowledged"
	EventUnacknowledged = "incident.unacknowledged"
	EventResolved       = "incident.resolved"
	EventEscalated      = "incident.escalated"
	EventReassigned     = "incident.reassigned"
)

// Sign returns the signature of body with secret: "v1=<hex HMAC-SHA256>".
func Sign(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "v1=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether any v1 signature in header is the HMAC-SHA256 of
// body with any of secrets. Each expected MAC is computed once, whatever the
// header holds, and every comparison is constant-time.
func Verify(body []byte, header string, secrets []string) bool {
	var want [][]byte
	for _, s := range secrets {
		if s != "" {
			mac := hmac.New(sha256.New, []byte(s))
			mac.Write(body)
			want = append(want, mac.Sum(nil))
		}
	}
	ok := false
	for _, part := range strings.Split(header, ",") {
		sig, found := strings.CutPrefix(strings.TrimSpace(part), "v1=")
		if !found {
			continue
		}
		got, err := hex.DecodeString(sig)
		if err != nil {
			continue
		}
		for _, w := range want {
			// No early return: the time taken does not say which matched.
			ok = hmac.Equal(got, w) || ok
		}
	}
	return ok
}

// Ref is a PagerDuty reference: a user (agent, assignee) or a service.
type Ref struct {
	ID   string
	Name string // the reference's summary: a user's name
	Type string // user_reference, service_reference, ...
}

// WebhookIncident is the incident a v3 incident event is about.
type WebhookIncident struct {
	ID     string // PagerDuty's incident ID, e.g. PGR0VU2
	Number int
	Status string
	Title  string
	URL    string // html_url
	// Key is the incident key; for an incident opened by an Events API
	// trigger it is the trigger's dedup key. PagerDuty's payload reference
	// does not list it, so it may be empty: then the alerts' keys tell.
	Key       string
	Assignees []Ref
}

// WebhookEvent is one v3 webhook delivery.
type WebhookEvent struct {
	ID           string // event.id: the same event delivered again has the same ID
	Type         string // event.event_type, e.g. incident.acknowledged
	ResourceType string
	OccurredAt   time.Time
	Agent        Ref // who acted; empty when PagerDuty names nobody
	Incident     WebhookIncident
}

type wireRef struct {
	ID      string `json:"id"`
	Summary string `json:"summary"`
	Type    string `json:"type"`
}

func (r *wireRef) ref() Ref {
	if r == nil {
		return Ref{}
	}
	return Ref{ID: r.ID, Name: r.Summary, Type: r.Type}
}

type wireEvent struct {
	Event *struct {
		ID           string          `json:"id"`
		EventType    string          `json:"event_type"`
		ResourceType string          `json:"resource_type"`
		OccurredAt   time.Time       `json:"occurred_at"`
		Agent        *wireRef        `json:"agent"`
		Data         json.RawMessage `json:"data"`
	} `json:"event"`
}

type wireIncident struct {
	ID          string    `json:"id"`
	Type        string    `json:"type"`
	Number      int       `json:"number"`
	Status      string    `json:"status"`
	Title       string    `json:"title"`
	HTMLURL     string    `json:"html_url"`
	IncidentKey string    `json:"incident_key"`
	Assignees   []wireRef `json:"assignees"`
}

// DecodeWebhook reads a v3 webhook body. It fails with an EInvalid error
// that names the problem; an event about something other than an incident
// decodes with an empty Incident.
func DecodeWebhook(body []byte) (WebhookEvent, error) {
	var w wireEvent
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&w); err != nil {
		return WebhookEvent{}, incident.Errorf(incident.EInvalid, "invalid JSON: %v", err)
	}
	if w.Event == nil {
		return WebhookEvent{}, incident.Errorf(incident.EInvalid, "event: required")
	}
	e := w.Event
	if e.ID == "" || e.EventType == "" {
		return WebhookEvent{}, incident.Errorf(incident.EInvalid, "event.id and event.event_type: required")
	}
	out := WebhookEvent{ID: e.ID, Type: e.EventType, ResourceType: e.ResourceType, OccurredAt: e.OccurredAt, Agent: e.Agent.ref()}
	if e.ResourceType != "incident" || !strings.HasPrefix(e.EventType, "incident.") {
		return out, nil
	}
	var d wireIncident
	if err := json.Unmarshal(e.Data, &d); err != nil {
		return WebhookEvent{}, incident.Errorf(incident.EInvalid, "event.data: %v", err)
	}
	if d.Type != "incident" {
		return out, nil // a note, a status update, a responder request: not the incident itself
	}
	if d.ID == "" {
		return WebhookEvent{}, incident.Errorf(incident.EInvalid, "event.data.id: required")
	}
	out.Incident = WebhookIncident{ID: d.ID, Number: d.Number, Status: d.Status, Title: d.Title, URL: d.HTMLURL, Key: d.IncidentKey}
	for i := range d.Assignees {
		out.Incident.Assignees = append(out.Incident.Assignees, d.Assignees[i].ref())
	}
	return out, nil
}
