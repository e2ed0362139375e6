package tenants_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
)

// ladderYAML is acme with two teams paged through PagerDuty; the ladder's
// second step notifies second.
func ladderYAML(where bottest.Where, pd, second string) string {
	return fmt.Sprintf(`timezone: America/Chicago
calendars: {office: {business_hours: [{days: [mon, tue, wed, thu, fri], start: "09:00", end: "17:00"}]}}
redis: {%s, prefix: %q}
teams:
  acme-it: {side: internal, members: [{name: Alice}], pagerduty: {routing_key_env: IT_KEY}}
  acme-ops: {side: internal, members: [{name: Olga}], pagerduty: {routing_key_env: OPS_KEY}}
services: [{name: database, owner: acme-it, ladder: standard, severity: sev2}]
ladders:
  standard:
    calendar: office
    steps:
      - {notify: [acme-it], wait: 10m}
      - {notify: [%s]}
sources: {generic: {token_env: ACME_TOKEN}}
api: {token_env: ACME_API}
pagerduty: {events_url: %q, dedup_prefix: acme}
`, where.Redis, where.Prefix, second, pd)
}

// A tenant's ladder changed while an incident waits at step 1: the reload
// keeps the step's timer, and step 2, reached after the reload, pages
// whom the new ladder says (acme-ops), not whom the old one said.
func TestReloadNewLadderAppliesToLaterSteps(t *testing.T) {
	hs := newHost(t)
	pd := pagerdutytest.New(t)
	itKey, opsKey := strings.Repeat("i", 32), strings.Repeat("o", 32)
	for k, v := range map[string]string{"IT_KEY": itKey, "OPS_KEY": opsKey, "ACME_TOKEN": "acme-token", "ACME_API": "acme-api"} {
		t.Setenv(k, v)
	}
	hs.write(t, "acme", ladderYAML(hs.where, pd.URL, "acme-it"))
	clock := bottest.NewClock(time.Date(2027, 1, 12, 10, 0, 0, 0, time.UTC))
	hs.serve(t, clock.Now)

	if code, body := hs.alert(t, "acme", "acme-token", "db-1"); code != 202 {
		t.Fatalf("alert: %d %s", code, body)
	}
	triggers := func(rk string) int {
		n := 0
		for _, e := range pd.Events() {
			if e.Action == "trigger" && e.RoutingKey == rk {
				n++
			}
		}
		return n
	}
	bottest.Eventually(t, 10*time.Second, func() bool { return triggers(itKey) == 1 }, "step 1 pages acme-it: %+v", pd.Events())
	before := hs.timers(t, "acme")

	hs.write(t, "acme", ladderYAML(hs.where, pd.URL, "acme-ops"))
	if rep := hs.reload(t); strings.Join(rep.Changed, ",") != "acme" {
		t.Fatalf("reload: %+v", rep)
	}
	t.Logf("timers before the reload: %v", before)
	for id := range before {
		if !strings.HasPrefix(id, "retry/") && !hs.timers(t, "acme")[id] { // a delivery's retry may be done meanwhile
			t.Errorf("timer %s was lost in the reload", id)
		}
	}
	clock.Advance(11 * time.Minute)
	bottest.Eventually(t, 10*time.Second, func() bool { return triggers(opsKey) == 1 }, "step 2 pages acme-ops: %+v", pd.Events())
	time.Sleep(500 * time.Millisecond) // a wrong second page to acme-it would be on its way
	if n := triggers(itKey); n != 1 {
		t.Errorf("acme-it was paged %d times; step 2 of the old ladder ran after the reload", n)
	}
}
