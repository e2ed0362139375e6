package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
)

// Routing keys (32 characters, as PagerDuty insists) of the PagerDuty
// tests.
var (
	pdKeyACME = strings.Repeat("a", 32)
	pdKeyNOC  = strings.Repeat("n", 32)
)

// pdScenario: acme-it by day then noc, each with its own PagerDuty
// routing key (the MSP's in its own account); noc's on-call from a
// PagerDuty schedule; no chat but the console.
func pdScenario() bottest.Scenario {
	return bottest.Scenario{
		Teams: []bottest.Team{
			{Name: "acme-it", Side: "internal", PagerDutyKeyEnv: "PD_ACME",
				Members: []bottest.Member{{Name: "Alice", Email: "alice@acme.example"}, {Name: "Bob", Email: "bob@acme.example"}}},
			{Name: "noc", Side: "msp", Scope: []string{"database"}, PagerDutyKeyEnv: "PD_NOC", PagerDutySchedule: "PSCHED",
				Members: []bottest.Member{{Name: "Nora", Email: "nora@msp.example", PagerDuty: "PNORA"}, {Name: "Omar", Email: "omar@msp.example"}}},
		},
		Managers: bottest.Team{Members: []bottest.Member{{Name: "Maria"}}},
		Services: []bottest.Service{{Name: "database", Owner: "acme-it", Ladder: "standard", Severity: "sev2"}},
		Ladders: []bottest.Ladder{{Name: "standard", Steps: []bottest.Step{
			{Notify: []string{"acme-it"}, When: "business_hours", Wait: "30m"},
			{Notify: []string{"noc"}, Wait: "30m"},
		}}},
		YAML: "reminders: {unacked_every: 1h, update_every: 1h}\n",
		Env:  map[string]string{"PD_ACME": pdKeyACME, "PD_NOC": pdKeyNOC},
		PagerDuty: &bottest.PagerDuty{Before: func(f *pagerdutytest.Server) {
			f.SetOnCall("PSCHED", pagerdutytest.User{ID: "POMAR", Name: "Omar O.", Email: "Omar@msp.example"})
		}},
		At: tuesday10,
	}
}

// pdEnvBot is a bot paging a fake PagerDuty, on real Redis, at Tuesday
// 10:00 in Chicago (business hours), with the clock in the test's hands.
type pdEnvBot struct{ *bottest.World }

func startPD(t *testing.T) *pdEnvBot {
	t.Helper()
	return &pdEnvBot{pdScenario().Start(t)}
}

// say types an /incident command in the console as user; a private
// answer (a refusal, "nothing to do") fails the test.
func (e *pdEnvBot) say(t *testing.T, user, text string) string {
	t.Helper()
	r := e.Say(user, text)
	if r.Ephemeral && text != "oncall" {
		t.Fatalf("%s: %s", text, r.Text)
	}
	return r.Text
}

// waitEvents waits until PagerDuty accepted n events of action and dedup
// key, and returns them.
func (e *pdEnvBot) waitEvents(t *testing.T, action, key string, n int) []pagerdutytest.Event {
	t.Helper()
	bottest.Eventually(t, 10*time.Second, func() bool { return len(e.PagerDuty.EventsFor(action, key)) >= n },
		"%d %s for %s; PagerDuty has %+v", n, action, key, e.PagerDuty.Events())
	return e.PagerDuty.EventsFor(action, key)
}

func (e *pdEnvBot) timeline(t *testing.T) []incident.Event {
	t.Helper()
	tl, err := e.Store().Timeline(context.Background(), "INC-1")
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

func (e *pdEnvBot) count(t *testing.T, k incident.Kind) int {
	t.Helper()
	n := 0
	for _, ev := range e.timeline(t) {
		if ev.Kind == k {
			n++
		}
	}
	return n
}
