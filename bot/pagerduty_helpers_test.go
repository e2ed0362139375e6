package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// Routing keys (32 characters, as PagerDuty insists) and secrets of the
// PagerDuty tests.
var (
	pdKeyACME = strings.Repeat("a", 32)
	pdKeyNOC  = strings.Repeat("n", 32)
	pdEnv     = map[string]string{"TOKEN": "s3cret", "API_TOKEN": "api-token", "PD_ACME": pdKeyACME, "PD_NOC": pdKeyNOC,
		"PD_TOKEN": "pd-token", "PD_HOOKS": "whsec-old,whsec-new"}
)

// pdYAML: acme-it by day then noc, each with its own PagerDuty routing key
// (the MSP's in its own account); noc's on-call from a PagerDuty schedule.
const pdYAML = `
timezone: America/Chicago
redis: {url: "REDIS_URL", prefix: "PREFIX"}
calendars:
  office:
    business_hours:
      - {days: [mon, tue, wed, thu, fri], start: "08:00", end: "18:00"}
teams:
  acme-it:
    side: internal
    members:
      - {name: Alice, email: alice@acme.example}
      - {name: Bob, email: bob@acme.example}
    rotation: {members: [Alice, Bob], handoff: "mon 09:00", every: 168h}
    pagerduty: {routing_key_env: PD_ACME}
  noc:
    side: msp
    scope: [database]
    members:
      - {name: Nora, email: nora@msp.example, pagerduty: PNORA}
      - {name: Omar, email: omar@msp.example}
    rotation: {members: [Nora, Omar], handoff: "mon 09:00", every: 168h}
    pagerduty: {routing_key_env: PD_NOC, schedule_id: PSCHED}
managers:
  members:
    - {name: Maria}
services:
  - {name: database, owner: acme-it, ladder: standard, severity: sev2}
ladders:
  standard:
    calendar: office
    steps:
      - {notify: [acme-it], when: business_hours, wait: 30m}
      - {notify: [noc], wait: 30m}
reminders: {unacked_every: 1h, update_every: 1h}
sources:
  generic: {token_env: TOKEN}
api: {token_env: API_TOKEN}
pagerduty:
  events_url: "PD_URL"
  api_url: "PD_URL"
  api_token_env: PD_TOKEN
  webhook_secret_env: PD_HOOKS
`

// pdEnvBot is a bot paging a fake PagerDuty, on real Redis, at Tuesday
// 10:00 in Chicago (business hours), with the clock in the test's hands.
type pdEnvBot struct {
	*bottest.Bot
	fake  *pagerdutytest.Server
	clock *bottest.Clock
}

func startPD(t *testing.T) *pdEnvBot {
	t.Helper()
	fake := pagerdutytest.New(t)
	fake.Token = "pd-token"
	fake.SetOnCall("PSCHED", pagerdutytest.User{ID: "POMAR", Name: "Omar O.", Email: "Omar@msp.example"})
	yaml := strings.NewReplacer("REDIS_URL", redistest.URL(t), "PREFIX", redistest.Prefix(t), "PD_URL", fake.URL).Replace(pdYAML)
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, bottest.Config(t, yaml, pdEnv), bot.Options{Now: clock.Now})
	return &pdEnvBot{Bot: b, fake: fake, clock: clock}
}

// alert opens INC-1 (service database), which pages acme-it at once.
func (e *pdEnvBot) alert(t *testing.T) {
	t.Helper()
	if code, body := bottest.Do(t, "POST", e.URL+"/webhooks/generic", diskAlert, auth); code != 202 {
		t.Fatalf("alert: %d %s", code, body)
	}
}

// say types an /incident command in the console as user; a private
// answer (a refusal, "nothing to do") fails the test.
func (e *pdEnvBot) say(t *testing.T, user, text string) string {
	t.Helper()
	r := e.Service().Handle(context.Background(), chat.Request{Platform: "console", User: user, Text: text})
	if r.Ephemeral && text != "oncall" {
		t.Fatalf("%s: %s", text, r.Text)
	}
	return r.Text
}

// waitEvents waits until PagerDuty accepted n events of action and dedup
// key, and returns them.
func (e *pdEnvBot) waitEvents(t *testing.T, action, key string, n int) []pagerdutytest.Event {
	t.Helper()
	bottest.Eventually(t, 10*time.Second, func() bool { return len(e.fake.EventsFor(action, key)) >= n },
		"%d %s for %s; PagerDuty has %+v", n, action, key, e.fake.Events())
	return e.fake.EventsFor(action, key)
}

// waitRoom waits until the console shows text.
func (e *pdEnvBot) waitRoom(t *testing.T, text string) {
	t.Helper()
	bottest.Eventually(t, 10*time.Second, func() bool { return strings.Contains(e.Out.String(), text) },
		"the room shows %q:\n%s", text, e.Out.String())
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
