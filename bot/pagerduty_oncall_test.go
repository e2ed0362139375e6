package bot_test

import (
	"strings"
	"testing"
	"time"
)

// A team with a PagerDuty schedule gets its on-call from GET /oncalls,
// matched to a member by email: `oncall` and the room name them. With the
// API down, both fall back to the rotation and say why.
func TestPagerDutyOnCall(t *testing.T) {
	e := startPD(t)
	line := func(team string) string {
		t.Helper()
		for _, l := range strings.Split(e.say(t, "alice", "oncall"), "\n") {
			if strings.HasPrefix(l, "• "+team+" ") {
				return l
			}
		}
		t.Fatalf("no %s in oncall", team)
		return ""
	}
	if l := line("noc"); !strings.Contains(l, "noc (MSP): Omar until ") || !strings.HasSuffix(l, "[PagerDuty schedule PSCHED]") {
		t.Fatalf("oncall from PagerDuty: %q", l)
	}
	if l := line("acme-it"); !strings.HasSuffix(l, "[rotation]") {
		t.Fatalf("a team without a schedule keeps its rotation: %q", l)
	}

	e.Alert(t, diskAlert)
	e.waitEvents(t, "trigger", "INC-1/acme-it", 1)
	e.say(t, "alice", "escalate INC-1 noc")
	trig := e.waitEvents(t, "trigger", "INC-1/noc", 1)
	if trig[0].Payload.CustomDetails["on_call"] != "Omar" {
		t.Fatalf("on_call in the page: %v", trig[0].Payload.CustomDetails["on_call"])
	}
	e.WaitOut(t, "📟 paged Omar of noc (MSP, step manual")
	e.WaitOut(t, ") · on call per PagerDuty schedule PSCHED\n")
	e.WaitOut(t, "➕ Omar invited")
	requests := e.PagerDuty.RESTRequests()

	e.PagerDuty.SetAPIDown(503)
	e.Clock.Advance(2 * time.Minute) // past the cached answer
	fallback := line("noc")
	if !strings.HasSuffix(fallback, "[rotation (PagerDuty unreachable)]") {
		t.Fatalf("oncall with PagerDuty down: %q", fallback)
	}
	rotationPerson := strings.Fields(strings.TrimPrefix(fallback, "• noc (MSP): "))[0]
	e.say(t, "alice", "escalate INC-1 noc")
	e.WaitOut(t, "📟 paged "+rotationPerson+" of noc (MSP, step manual")
	e.WaitOut(t, ") · on call per rotation (PagerDuty unreachable)\n")
	if n := e.PagerDuty.RESTRequests() - requests; n != 1 {
		t.Fatalf("%d REST requests while down: failures are not cached", n)
	}
	if !strings.Contains(e.Logs.String(), "PagerDuty on-call lookup failed") {
		t.Fatal("the outage was not logged")
	}
}
