package bot_test

import (
	"strings"
	"testing"
)

// With pagerduty.dedup_prefix every event carries the deployment's prefix;
// a webhook about the same incident number under another Tandem's prefix
// is ignored, under this one's it acks. Triggers name the service's host
// as their source and carry when the incident opened.
func TestPagerDutyDedupPrefixKeepsDeploymentsApart(t *testing.T) {
	sc := pdScenario()
	sc.PagerDuty.DedupPrefix = "acme"
	sc.Services[0].Host = "db-01.acme.example"
	e := &pdEnvBot{sc.Start(t)}
	e.Alert(t, diskAlert)
	e.say(t, "alice", "escalate INC-1 noc")
	trig := e.waitEvents(t, "trigger", "acme:INC-1/noc", 1)[0]
	if trig.Payload.Source != "db-01.acme.example" || !strings.HasPrefix(trig.Payload.Timestamp, "20") {
		t.Errorf("source %q, timestamp %q", trig.Payload.Source, trig.Payload.Timestamp)
	}
	if n := len(e.PagerDuty.EventsFor("trigger", "INC-1/noc")); n != 0 {
		t.Errorf("%d triggers without the prefix", n)
	}
	url := e.URL + "/webhooks/pagerduty"
	other := ackFromPagerDuty("E1")
	other.Incident.Key = "other:INC-1/noc"
	if code, resp := other.Send(t, url, "whsec-new"); code != 200 || !strings.Contains(resp, `"ignored"`) {
		t.Fatalf("another deployment's ack: %d %s", code, resp)
	}
	if inc := incidentJSON(t, e.Bot, "INC-1"); inc["status"] != "open" {
		t.Fatalf("another deployment's ack acked INC-1: %v", inc["status"])
	}
	ours := ackFromPagerDuty("E2")
	ours.Incident.Key = "acme:INC-1/noc"
	if code, resp := ours.Send(t, url, "whsec-new"); code != 200 || !strings.Contains(resp, "INC-1") {
		t.Fatalf("our ack: %d %s", code, resp)
	}
	if inc := incidentJSON(t, e.Bot, "INC-1"); inc["status"] != "acked" {
		t.Fatalf("our ack did not ack INC-1: %v", inc["status"])
	}
	e.waitEvents(t, "acknowledge", "acme:INC-1/acme-it", 1)
}
