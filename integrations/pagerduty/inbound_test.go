package pagerduty_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/integrations/pagerduty"
)

// memSeen is the store's claims, in memory.
type memSeen map[string]bool

func (m memSeen) Claimed(_ context.Context, key string) (bool, error) { return m[key], nil }
func (m memSeen) ClaimOnce(_ context.Context, key string) (bool, error) {
	first := !m[key]
	m[key] = true
	return first, nil
}

const ackBody = `{"event":{"id":"01ACK","event_type":"incident.acknowledged","resource_type":"incident",
"agent":{"id":"PNORA","summary":"Nora N.","type":"user_reference"},
"data":{"id":"PGR0VU2","type":"incident","incident_key":"INC-7/noc","html_url":"https://pd.example/incidents/PGR0VU2",
"assignees":[{"id":"PNORA","summary":"Nora N.","type":"user_reference"}]}}}`

func post(h http.Handler, body, secret string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/pagerduty", strings.NewReader(body))
	r.Header.Set(pagerduty.SignatureHeader, pagerduty.Sign([]byte(body), secret))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// The endpoint verifies, traces the event through its dedup key to the
// page, names the member, applies it once and skips a repeat; a bad
// signature is 401 and applies nothing.
func TestWebhookAppliesOnce(t *testing.T) {
	var got []pagerduty.Change
	var codes []int
	h := pagerduty.NewWebhook(pagerduty.WebhookOptions{
		Secrets: []string{"whsec"}, Members: map[string]string{"id:PNORA": "Nora"},
		Kinds: map[string]string{pagerduty.EventAcknowledged: "acknowledged"}, Seen: memSeen{},
		Apply: func(_ context.Context, c pagerduty.Change) (string, error) {
			got = append(got, c)
			return "", nil
		},
	})
	if w := post(h, ackBody, "other"); w.Code != http.StatusUnauthorized || len(got) != 0 {
		t.Fatalf("bad signature: %d %s, applied %d", w.Code, w.Body, len(got))
	}
	for range 2 {
		w := post(h, ackBody, "whsec")
		codes = append(codes, w.Code)
	}
	if len(got) != 1 || codes[0] != http.StatusOK || codes[1] != http.StatusOK {
		t.Fatalf("applied %d times, answers %v", len(got), codes)
	}
	c := got[0]
	if c.EventID != "01ACK" || c.Incident != "INC-7" || c.Team != "noc" || c.Kind != "acknowledged" ||
		c.UserID != "PNORA" || c.Member != "Nora" || len(c.To) != 1 || c.To[0] != "Nora" || c.URL == "" {
		t.Fatalf("change %+v", c)
	}
}
