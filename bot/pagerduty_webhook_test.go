package bot_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
)

// ackFromPagerDuty is Nora acknowledging noc's page of INC-1 in PagerDuty.
func ackFromPagerDuty(id string) pagerdutytest.Webhook {
	return pagerdutytest.Webhook{ID: id, Type: "incident.acknowledged", Agent: pagerdutytest.User{ID: "PNORA", Name: "Nora Nakamura"},
		Incident: pagerdutytest.Incident{ID: "PINC1", Number: 101, Status: "acknowledged", Title: "[sev2] Disk full on db-01", Key: "INC-1/noc"}}
}

func TestPagerDutyWebhookSignatures(t *testing.T) {
	e := startPD(t)
	e.Alert(t, diskAlert)
	e.say(t, "alice", "escalate INC-1 noc") // PagerDuty events act only on teams Tandem paged
	e.waitEvents(t, "trigger", "INC-1/noc", 1)
	url := e.URL + "/webhooks/pagerduty"
	body := ackFromPagerDuty("E0").Body()
	changed := []byte(strings.Replace(string(body), `"PINC1"`, `"PINC2"`, 1))
	huge := []byte(`{"event":{"id":"X","pad":"` + strings.Repeat("x", 1<<20) + `"}}`)
	tests := []struct {
		name   string
		body   []byte
		sig    string
		code   int
		errSub string
	}{
		{"WrongSecret", body, pagerdutytest.Signature(body, "whsec-other"), 401, "X-PagerDuty-Signature"},
		{"ChangedByte", changed, pagerdutytest.Signature(body, "whsec-new"), 401, "X-PagerDuty-Signature"},
		{"MissingHeader", body, "", 401, "X-PagerDuty-Signature"},
		{"NotV1", body, strings.ReplaceAll(pagerdutytest.Signature(body, "whsec-new"), "v1=", "v0="), 401, "X-PagerDuty-Signature"},
		{"TooLargeEvenWhenSigned", huge, pagerdutytest.Signature(huge, "whsec-new"), 413, "1 MiB"},
		{"SignedButNotJSON", []byte(`{"event":`), pagerdutytest.Signature([]byte(`{"event":`), "whsec-new"), 400, "invalid JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			header := map[string]string{}
			if tc.sig != "" {
				header["X-PagerDuty-Signature"] = tc.sig
			}
			code, resp := pagerdutytest.Post(t, url, tc.body, header)
			if code != tc.code || !strings.HasPrefix(resp, `{"error":"`) || !strings.Contains(resp, tc.errSub) {
				t.Fatalf("got %d %s, want %d with %q", code, resp, tc.code, tc.errSub)
			}
		})
	}
	if inc := incidentJSON(t, e.Bot, "INC-1"); inc["status"] != "open" {
		t.Fatalf("a refused webhook changed the incident: %v", inc["status"])
	}
	t.Run("SingleSignatureOfTheNewSecret", func(t *testing.T) {
		code, resp := ackFromPagerDuty("E1").Send(t, url, "whsec-new")
		if code != 200 || !strings.Contains(resp, `"applied"`) {
			t.Fatalf("%d %s", code, resp)
		}
	})
	t.Run("SignaturesOfBothSecretsDuringRotation", func(t *testing.T) {
		if code, resp := ackFromPagerDuty("E2").Send(t, url, "whsec-old", "whsec-new"); code != 200 {
			t.Fatalf("%d %s", code, resp)
		}
	})
	t.Run("AnyOneValidAmongSeveral", func(t *testing.T) {
		b := ackFromPagerDuty("E3").Body()
		sig := pagerdutytest.Signature(b, "whsec-retired") + "," + pagerdutytest.Signature(b, "whsec-old")
		if code, resp := pagerdutytest.Post(t, url, b, map[string]string{"X-PagerDuty-Signature": sig}); code != 200 {
			t.Fatalf("%d %s", code, resp)
		}
	})
}

// An ack made in PagerDuty acks the incident as that PagerDuty user, once,
// however often it is delivered; Tandem then acknowledges every team's page,
// and its own acknowledgement coming back changes nothing.
func TestPagerDutyAckFlowsBackOnce(t *testing.T) {
	e := startPD(t)
	e.Alert(t, diskAlert)
	e.waitEvents(t, "trigger", "INC-1/acme-it", 1)
	e.say(t, "alice", "escalate INC-1 noc")
	e.waitEvents(t, "trigger", "INC-1/noc", 1)
	url := e.URL + "/webhooks/pagerduty"

	var wg sync.WaitGroup
	for range 3 { // one event, delivered three times at once
		wg.Go(func() {
			if code, resp := ackFromPagerDuty("E1").Send(t, url, "whsec-new"); code != 200 {
				t.Errorf("delivery: %d %s", code, resp)
			}
		})
	}
	wg.Wait()
	if code, _ := ackFromPagerDuty("E1").Send(t, url, "whsec-old"); code != 200 {
		t.Fatalf("a late repeat: %d", code)
	}
	inc := incidentJSON(t, e.Bot, "INC-1")
	by := inc["acked_by"].(map[string]any)
	// Nora's PagerDuty user is configured (member.pagerduty), so she is named as the member.
	if inc["status"] != "acked" || by["name"] != "Nora" || by["side"] != "msp" || by["platform"] != "pagerduty" || by["user"] != "PNORA" {
		t.Fatalf("incident %v acked by %v", inc["status"], by)
	}
	if n := e.count(t, incident.KindAcked); n != 1 {
		t.Fatalf("%d acked entries", n)
	}
	e.WaitOut(t, "✅ acknowledged by Nora (MSP) from PagerDuty")
	e.waitEvents(t, "acknowledge", "INC-1/acme-it", 1)
	e.waitEvents(t, "acknowledge", "INC-1/noc", 1)

	// Tandem's own acknowledgement echoed by PagerDuty (the agent is the service).
	echo := pagerdutytest.Webhook{ID: "E9", Type: "incident.acknowledged",
		Incident: pagerdutytest.Incident{ID: "PINC0", Status: "acknowledged", Key: "INC-1/acme-it"}}
	if code, _ := echo.Send(t, url, "whsec-new"); code != 200 {
		t.Fatalf("echo: %d", code)
	}
	if n := e.count(t, incident.KindAcked); n != 1 {
		t.Fatalf("the echo acked again: %d acked entries", n)
	}

	// Escalated inside PagerDuty: a timeline entry, no page.
	esc := pagerdutytest.Webhook{ID: "E10", Type: "incident.escalated", Incident: pagerdutytest.Incident{ID: "PINC1", Key: "INC-1/noc",
		Assignees: []pagerdutytest.User{{ID: "POMAR", Name: "Omar O."}}}}
	if code, _ := esc.Send(t, url, "whsec-new"); code != 200 {
		t.Fatalf("escalated: %d", code)
	}
	e.WaitOut(t, "⏫ escalated to Omar O. in PagerDuty by PagerDuty (noc) (MSP)\n")

	// Resolved in PagerDuty, payload without an incident key: the alert's key says which.
	// The agent's PagerDuty user is not in the config by ID: its e-mail (GET /users/{id}) says it is Nora.
	e.PagerDuty.SetAlerts("PINC1", "INC-1/noc")
	e.PagerDuty.AddUser(pagerdutytest.User{ID: "PXYZ", Name: "Nora Nakamura", Email: "NORA@msp.example"})
	res := pagerdutytest.Webhook{ID: "E11", Type: "incident.resolved", Agent: pagerdutytest.User{ID: "PXYZ", Name: "Nora Nakamura"},
		Incident: pagerdutytest.Incident{ID: "PINC1", Status: "resolved"}}
	if code, resp := res.Send(t, url, "whsec-new"); code != 200 || !strings.Contains(resp, "INC-1") {
		t.Fatalf("resolved: %d %s", code, resp)
	}
	e.waitEvents(t, "resolve", "INC-1/acme-it", 1)
	e.waitEvents(t, "resolve", "INC-1/noc", 1)
	e.WaitOut(t, "🏁 resolved by Nora (MSP) from PagerDuty")
	if n := len(e.PagerDuty.EventsFor("trigger", "")); n != 2 {
		t.Fatalf("%d triggers: the webhooks paged again", n)
	}
}

// Webhooks about incidents Tandem does not know, or did not page, are
// answered 2xx and ignored (PagerDuty would otherwise retry them).
func TestPagerDutyWebhookAboutOtherIncidents(t *testing.T) {
	e := startPD(t)
	url := e.URL + "/webhooks/pagerduty"
	for name, w := range map[string]pagerdutytest.Webhook{
		"UnknownIncident":   {ID: "E1", Type: "incident.acknowledged", Incident: pagerdutytest.Incident{ID: "P1", Key: "INC-99/noc"}},
		"OtherToolsKey":     {ID: "E2", Type: "incident.resolved", Incident: pagerdutytest.Incident{ID: "P2", Key: "baf7cf21b1da41b4b0221008339ff357"}},
		"NoKeyNoAlerts":     {ID: "E3", Type: "incident.resolved", Incident: pagerdutytest.Incident{ID: "P3"}},
		"EventTypeNotActed": {ID: "E4", Type: "incident.priority_updated", Incident: pagerdutytest.Incident{ID: "P4", Key: "INC-1/noc"}},
	} {
		t.Run(name, func(t *testing.T) {
			code, resp := w.Send(t, url, "whsec-new")
			if code != 200 || !strings.Contains(resp, `"ignored"`) {
				t.Fatalf("%d %s", code, resp)
			}
		})
	}
	if !strings.Contains(e.Logs.String(), "unknown incident") {
		t.Fatalf("the unknown incident was not logged:\n%s", e.Logs.String())
	}
	// With the REST API down, a payload without a key cannot be traced yet: 503, so PagerDuty retries.
	e.PagerDuty.SetAPIDown(503)
	w := pagerdutytest.Webhook{ID: "E5", Type: "incident.resolved", Incident: pagerdutytest.Incident{ID: "P5"}}
	if code, resp := w.Send(t, url, "whsec-new"); code != 503 {
		t.Fatalf("API down: %d %s", code, resp)
	}
}

// The dedup key alone is not enough: an ack for noc's page of INC-1 before
// Tandem paged noc is not applied, and its event ID is remembered, so the
// same event delivered again after noc was paged still changes nothing. An
// unknown PagerDuty user acts as "PagerDuty (noc)"; an unacknowledge made
// in PagerDuty (its ack timeout) starts the ladder again.
func TestPagerDutyWebhookActsOnlyWherePaged(t *testing.T) {
	e := startPD(t)
	e.Alert(t, diskAlert)
	e.waitEvents(t, "trigger", "INC-1/acme-it", 1)
	url := e.URL + "/webhooks/pagerduty"
	forged := pagerdutytest.Webhook{ID: "E1", Type: "incident.acknowledged", Agent: pagerdutytest.User{ID: "PQQQ", Name: "Mallory"},
		Incident: pagerdutytest.Incident{ID: "PINC7", Status: "acknowledged", Key: "INC-1/noc"}}
	if code, resp := forged.Send(t, url, "whsec-new"); code != 200 || !strings.Contains(resp, "did not page noc") {
		t.Fatalf("ack for a team never paged: %d %s", code, resp)
	}
	e.say(t, "alice", "escalate INC-1 noc")
	e.waitEvents(t, "trigger", "INC-1/noc", 1)
	if code, resp := forged.Send(t, url, "whsec-new"); code != 200 || !strings.Contains(resp, "received before") {
		t.Fatalf("the same event again: %d %s", code, resp)
	}
	if n := e.count(t, incident.KindAcked); n != 0 {
		t.Fatalf("%d acked entries", n)
	}

	ack := forged
	ack.ID = "E2"
	if code, resp := ack.Send(t, url, "whsec-new"); code != 200 || !strings.Contains(resp, "applied") {
		t.Fatalf("ack: %d %s", code, resp)
	}
	by := incidentJSON(t, e.Bot, "INC-1")["acked_by"].(map[string]any)
	if by["name"] != "PagerDuty (noc)" || by["side"] != "msp" || by["user"] != "PQQQ" {
		t.Fatalf("acked by %v", by)
	}
	unack := pagerdutytest.Webhook{ID: "E3", Type: "incident.unacknowledged", Incident: pagerdutytest.Incident{ID: "PINC7", Status: "triggered", Key: "INC-1/noc"}}
	if code, resp := unack.Send(t, url, "whsec-new"); code != 200 || !strings.Contains(resp, "applied") {
		t.Fatalf("unack: %d %s", code, resp)
	}
	if inc := incidentJSON(t, e.Bot, "INC-1"); inc["status"] != "open" || e.count(t, incident.KindUnacked) != 1 {
		t.Fatalf("after the unack: %v", inc["status"])
	}
}
