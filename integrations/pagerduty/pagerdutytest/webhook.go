package pagerdutytest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Webhook is a v3 webhook incident event to send to the bot under test.
type Webhook struct {
	ID         string    // event.id; the same ID is the same event delivered again
	Type       string    // event.event_type, e.g. incident.acknowledged
	OccurredAt time.Time // zero: now
	Agent      User      // who acted; zero: PagerDuty names nobody
	Incident   Incident
}

// Incident is the PagerDuty incident a webhook is about.
type Incident struct {
	ID        string // PagerDuty's incident ID
	Number    int
	Status    string // triggered, acknowledged, resolved
	Title     string
	Key       string // incident_key; "" leaves the field out
	Assignees []User
}

// Body is the webhook's JSON, shaped as PagerDuty sends it.
func (w Webhook) Body() []byte {
	at := w.OccurredAt
	if at.IsZero() {
		at = time.Now()
	}
	data := map[string]any{
		"id": w.Incident.ID, "type": "incident", "number": w.Incident.Number, "status": w.Incident.Status,
		"title": w.Incident.Title, "self": "https://api.pagerduty.com/incidents/" + w.Incident.ID,
		"html_url": "https://acme.pagerduty.com/incidents/" + w.Incident.ID, "urgency": "high",
		"service":   map[string]string{"id": "PSERVIC", "type": "service_reference", "summary": "Tandem"},
		"assignees": refs(w.Incident.Assignees), "resolve_reason": nil,
	}
	if w.Incident.Key != "" {
		data["incident_key"] = w.Incident.Key
	}
	event := map[string]any{"id": w.ID, "event_type": w.Type, "resource_type": "incident",
		"occurred_at": at.UTC().Format(time.RFC3339Nano), "agent": nil, "client": nil, "data": data}
	if w.Agent.ID != "" {
		event["agent"] = ref(w.Agent)
	}
	b, _ := json.Marshal(map[string]any{"event": event})
	return b
}

func ref(u User) map[string]string {
	return map[string]string{"id": u.ID, "summary": u.Name, "type": "user_reference",
		"self": "https://api.pagerduty.com/users/" + u.ID, "html_url": "https://acme.pagerduty.com/users/" + u.ID}
}

func refs(us []User) []map[string]string {
	out := []map[string]string{}
	for _, u := range us {
		out = append(out, ref(u))
	}
	return out
}

// Signature signs body with each secret, as PagerDuty does during a secret
// rotation: "v1=<hex>,v1=<hex>".
func Signature(body []byte, secrets ...string) string {
	sigs := make([]string, len(secrets))
	for i, s := range secrets {
		mac := hmac.New(sha256.New, []byte(s))
		mac.Write(body)
		sigs[i] = "v1=" + hex.EncodeToString(mac.Sum(nil))
	}
	return strings.Join(sigs, ",")
}

// Send posts the webhook to url signed with secrets and returns the status
// and body of the answer.
func (w Webhook) Send(t testing.TB, url string, secrets ...string) (int, string) {
	t.Helper()
	body := w.Body()
	return Post(t, url, body, map[string]string{"X-PagerDuty-Signature": Signature(body, secrets...)})
}

// Post posts body to url with header, as PagerDuty's webhook delivery does
// (JSON, its user agent), and returns the status and body of the answer.
func Post(t testing.TB, url string, body []byte, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "PagerDuty-Webhook/V3.0")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
