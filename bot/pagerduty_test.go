package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
)

// A ladder step pages through the Events API; an ack and a resolve in chat
// acknowledge and resolve every team's page, each exactly once, with the
// trigger's routing key and dedup key.
func TestPagerDutyPagesAckAndResolve(t *testing.T) {
	e := startPD(t)
	e.Alert(t, diskAlert)
	trig := e.waitEvents(t, "trigger", "INC-1/acme-it", 1)
	if len(trig) != 1 || trig[0].RoutingKey != pdKeyACME || trig[0].Payload == nil {
		t.Fatalf("trigger: %+v", trig)
	}
	pl := trig[0].Payload
	if pl.Summary != "[sev2] Disk full on db-01" || pl.Source != "tandem" || pl.Severity != "error" || pl.Component != "database" {
		t.Fatalf("payload: %+v", pl)
	}
	for k, v := range map[string]string{"incident": "INC-1", "step": "1", "window": "business_hours", "side": "internal", "team": "acme-it"} {
		if pl.CustomDetails[k] != v {
			t.Errorf("custom_details[%s] = %v, want %s", k, pl.CustomDetails[k], v)
		}
	}
	if strings.Contains(e.Out.String(), "📟 PAGE") {
		t.Fatalf("a team with a routing key was also paged on the console:\n%s", e.Out.String())
	}

	e.say(t, "alice", "escalate INC-1") // the next step: noc, through the MSP's own routing key
	noc := e.waitEvents(t, "trigger", "INC-1/noc", 1)
	if noc[0].RoutingKey != pdKeyNOC || noc[0].Payload.CustomDetails["side"] != "msp" || noc[0].Payload.CustomDetails["step"] != "2" {
		t.Fatalf("noc trigger: %+v", noc[0])
	}

	e.say(t, "alice", "ack INC-1")
	for team, key := range map[string]string{"acme-it": pdKeyACME, "noc": pdKeyNOC} {
		if got := e.waitEvents(t, "acknowledge", "INC-1/"+team, 1); got[0].RoutingKey != key {
			t.Fatalf("acknowledge of %s went to %s", team, got[0].RoutingKey)
		}
	}
	e.say(t, "alice", "resolve INC-1 freed space")
	for team, key := range map[string]string{"acme-it": pdKeyACME, "noc": pdKeyNOC} {
		if got := e.waitEvents(t, "resolve", "INC-1/"+team, 1); got[0].RoutingKey != key {
			t.Fatalf("resolve of %s went to %s", team, got[0].RoutingKey)
		}
	}
	e.WaitOut(t, "🏁 resolved by Alice")
	counts := map[string]int{}
	for _, ev := range e.PagerDuty.Events() {
		counts[ev.Action+" "+ev.DedupKey]++
	}
	want := map[string]int{"trigger INC-1/acme-it": 1, "trigger INC-1/noc": 1, "acknowledge INC-1/acme-it": 1,
		"acknowledge INC-1/noc": 1, "resolve INC-1/acme-it": 1, "resolve INC-1/noc": 1}
	if len(counts) != len(want) {
		t.Fatalf("events on the wire: %v", counts)
	}
	for k, n := range want {
		if counts[k] != n {
			t.Fatalf("events on the wire: %v", counts)
		}
	}
}

// PagerDuty answers 429 twice, then 202: the trigger is delivered once,
// after waiting as asked (30 s, then 60 s), and nothing failed.
func TestPagerDutyRateLimitedThenDelivered(t *testing.T) {
	e := startPD(t)
	e.PagerDuty.FailNext(2, 429)
	e.Alert(t, diskAlert)
	// Each refusal defers the page by the delay asked for; the test checks
	// it and moves the clock past it.
	retryIn := func(attempt int, want time.Duration) {
		t.Helper()
		var due time.Time
		bottest.Eventually(t, 10*time.Second, func() bool {
			d, ok, err := e.Store().NextTimer(context.Background())
			due = d
			now := e.Clock.Now()
			// Skip the sub-second waits of room effects (a room not created
			// yet, a busy room lock): the page's retry is seconds away.
			return e.PagerDuty.Attempts() >= attempt && err == nil && ok && d.Sub(now) > 2*time.Second && d.Sub(now) < 10*time.Minute
		}, "attempt %d refused and its retry scheduled", attempt)
		// The clock runs at real speed: the due time is a little less than
		// the delay away by now.
		if got := due.Sub(e.Clock.Now()); got > want || got < want-5*time.Second {
			t.Fatalf("retry %d in %s, want %s", attempt, got, want)
		}
		e.Clock.Advance(want)
	}
	retryIn(1, 30*time.Second)
	retryIn(2, 60*time.Second)
	e.waitEvents(t, "trigger", "INC-1/acme-it", 1)
	if n := e.PagerDuty.Attempts(); n != 3 {
		t.Fatalf("%d attempts, want 3", n)
	}
	if n := len(e.PagerDuty.Events()); n != 1 {
		t.Fatalf("%d events accepted, want 1", n)
	}
	if n := e.count(t, incident.KindDeliveryFailed); n != 0 {
		t.Fatalf("%d delivery failures on the timeline", n)
	}
}

// PagerDuty refuses the trigger (400): the timeline and the room say so in
// PagerDuty's words, and the incident goes on as before.
func TestPagerDutyRefusalIsShownAndHarmless(t *testing.T) {
	e := startPD(t)
	e.PagerDuty.FailNext(1, 400)
	e.Alert(t, diskAlert)
	const want = "❗ page failed: PagerDuty refused the trigger for acme-it: 400 Bad Request: Event object is invalid: Length of 'routing_key' is incorrect (should be 32 characters)"
	e.WaitOut(t, want)
	var failed *incident.Event
	for _, ev := range e.timeline(t) {
		if ev.Kind == incident.KindDeliveryFailed {
			failed = &ev
		}
	}
	if failed == nil || failed.Details["team"] != "acme-it" || !strings.Contains(failed.Details["error"], "Event object is invalid") {
		t.Fatalf("delivery.failed entry: %+v", failed)
	}
	inc := incidentJSON(t, e.Bot, "INC-1")
	if inc["status"] != "open" || inc["step"] != float64(1) {
		t.Fatalf("incident: %v", inc)
	}
	if e.PagerDuty.Attempts() != 1 || len(e.PagerDuty.Events()) != 0 {
		t.Fatalf("a refused event was retried: %d attempts", e.PagerDuty.Attempts())
	}
	e.say(t, "alice", "ack INC-1") // the incident still works; acknowledge goes out
	e.waitEvents(t, "acknowledge", "INC-1/acme-it", 1)
}
