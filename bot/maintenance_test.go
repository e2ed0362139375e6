package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// windowsOf reads GET /api/v1/maintenance.
func windowsOf(t *testing.T, b *bottest.Bot) []map[string]any {
	t.Helper()
	code, body := bottest.Do(t, "GET", b.URL+"/api/v1/maintenance", "", apiAuth)
	var out struct{ Windows []map[string]any }
	if code != 200 || json.Unmarshal([]byte(body), &out) != nil {
		t.Fatalf("GET /api/v1/maintenance: %d %s", code, body)
	}
	return out.Windows
}

func incidentCount(t *testing.T, b *bottest.Bot) int {
	t.Helper()
	n := 0
	for _, st := range []string{"open", "acked", "resolved"} {
		code, body := bottest.Do(t, "GET", b.URL+"/api/v1/incidents?status="+st, "", apiAuth)
		if code != 200 {
			t.Fatalf("incidents: %d %s", code, body)
		}
		n += strings.Count(body, `"id":`)
	}
	return n
}

func dbEvent(i int, status string) string {
	return fmt.Sprintf(`{"summary":"Disk %d full","dedup_key":"disk-%d","severity":"sev2","service":"database","status":%q}`, i, i, status)
}

// A window on database: 20 alerts during it open no incident, no room and
// no page, and are recorded against it (API, metric, list); the one still
// firing at the end opens its incident then, saying so, paged once.
func TestMaintenanceHoldsAlerts(t *testing.T) {
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, testConfig(t, redistest.URL(t)), bot.Options{Now: clock.Now})

	if r := say(b, "Alice", "maintenance database 2h kernel patching"); r.Ephemeral || !strings.Contains(r.Text, "MW-1") {
		t.Fatalf("open: %+v", r)
	}
	for i := range 20 {
		code, body := bottest.Do(t, "POST", b.URL+"/webhooks/generic", dbEvent(i, "firing"), auth)
		if code != 202 || !strings.Contains(body, `"incidents":[]`) {
			t.Fatalf("alert %d: %d %s", i, code, body)
		}
	}
	for i := 1; i < 20; i++ { // all but disk-0 resolve during the window
		if code, body := bottest.Do(t, "POST", b.URL+"/webhooks/generic", dbEvent(i, "resolved"), auth); code != 202 {
			t.Fatalf("resolve %d: %d %s", i, code, body)
		}
	}
	ws := windowsOf(t, b)
	if len(ws) != 1 || ws[0]["suppressed"].(float64) != 20 || len(ws[0]["alerts"].([]any)) != 20 || ws[0]["active"] != true {
		t.Fatalf("windows: %v", ws)
	}
	if r := say(b, "Bob", "maintenance list"); !strings.Contains(r.Text, "MW-1: database") || !strings.Contains(r.Text, "20 alert(s) held back") {
		t.Fatalf("list: %+v", r)
	}
	_, metrics := bottest.Do(t, "GET", b.URL+"/metrics", "", nil)
	if !strings.Contains(metrics, `tandem_alerts_suppressed_total{service="database"} 20`) {
		t.Fatalf("metric missing:\n%s", metrics)
	}
	time.Sleep(300 * time.Millisecond) // anything wrongly started would show now
	if n := incidentCount(t, b); n != 0 || strings.Contains(b.Out.String(), "📟 PAGE") || strings.Contains(b.Out.String(), " created for INC-") {
		t.Fatalf("%d incidents during maintenance; console:\n%s", n, b.Out)
	}

	clock.Advance(2*time.Hour + time.Minute)
	bottest.Eventually(t, 10*time.Second, func() bool {
		return strings.Count(b.Out.String(), "📟 PAGE") >= 1
	}, "the alert still firing pages at the window's end:\n%s", b.Out)
	time.Sleep(time.Second) // let any duplicate show itself
	n, pages, rooms := incidentCount(t, b), strings.Count(b.Out.String(), "📟 PAGE"), strings.Count(b.Out.String(), " created for INC-")
	if n != 1 || pages != 1 || rooms != 1 {
		t.Fatalf("incidents %d, pages %d, rooms %d; want 1 each", n, pages, rooms)
	}
	inc := incidentJSON(t, b, "INC-1")
	if !strings.Contains(fmt.Sprint(inc["timeline"]), "fired during maintenance window MW-1 since") || inc["title"] != "Disk 0 full" {
		t.Fatalf("INC-1 does not say it fired during maintenance: %v", inc)
	}
	if ws := windowsOf(t, b); ws[0]["active"] != false || ws[0]["ended_at"] == nil {
		t.Fatalf("window after its end: %v", ws)
	}
	effects, err := b.Service().WeeklyReport(context.Background(), clock.Now().Add(time.Hour), nil)
	if err != nil || len(effects) == 0 || !strings.Contains(effects[0].Text,
		"*Planned vs unplanned:* 1 maintenance window(s), 2h0m in all on database, held back 20 alert(s); 1 incident(s) unplanned.") {
		t.Fatalf("weekly report (%v): %d effects, first %.2000q", err, len(effects), fmt.Sprint(effects))
	}
}

// Refusals are ephemeral, say why, and store nothing: an MSP member's
// window on a service outside its scope, a window past max_duration, a
// member of a team that does not own the service.
func TestMaintenanceRefusals(t *testing.T) {
	yaml := strings.Replace(testYAML(t, redistest.URL(t), ""), "scope: [database, network, backup]", "scope: [network, backup]", 1)
	yaml += "\nmaintenance: {max_duration: 8h}\n"
	b := bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: bottest.NewClock(tuesday10).Now})
	for _, c := range []struct{ user, text, why string }{
		{"Nora", "maintenance database 1h patching", "outside noc's scope"},
		{"Nora", "maintenance network,database 1h", "outside noc's scope"},
		{"Alice", "maintenance database 9h", "at most 8h"},
		{"Alice", "maintenance database until 2026-12-02T10:00", "at most 8h"},
		{"Alice", "maintenance nosuch 1h", `no service "nosuch"`},
		{"Alice", "maintenance network 1h", "only its owner team (noc)"},
		{"Alice", "maintenance database soon", "not a duration"},
		{"Nora", "maintenance end MW-1", "no maintenance window MW-1"},
	} {
		r := say(b, c.user, c.text)
		if !r.Ephemeral || !strings.Contains(r.Text, c.why) {
			t.Errorf("%s %q: %+v, want an ephemeral message with %q", c.user, c.text, r, c.why)
		}
	}
	if ws := windowsOf(t, b); len(ws) != 0 {
		t.Fatalf("a refusal stored a window: %v", ws)
	}
	if r := say(b, "Nora", "maintenance network 1h switch firmware"); r.Ephemeral || !strings.Contains(r.Text, "MW-1") {
		t.Fatalf("an MSP member on a service in scope: %+v", r)
	}
	if r := say(b, "Maria", "maintenance database until 12:00"); r.Ephemeral || !strings.Contains(r.Text, "MW-2") {
		t.Fatalf("a manager, until a time: %+v", r)
	}
}

// A recurring window opens every week at its local time across the
// 2027-03-14 DST change, exactly once with three replicas on one Redis.
func TestMaintenanceRecurringAcrossDST(t *testing.T) {
	url := redistest.URL(t)
	yaml := testYAML(t, url, "") + "\nmaintenance:\n  - {name: patch-monday, services: [database], every: \"mon 09:00\", duration: 1h, calendar: office}\n"
	clock := bottest.NewClock(time.Date(2027, 3, 6, 18, 0, 0, 0, time.UTC)) // Saturday, CST
	var bots []*bottest.Bot
	for range 3 {
		bots = append(bots, bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now}))
	}
	wantStarts := []string{"2027-03-08T15:00:00Z", "2027-03-15T14:00:00Z"} // 09:00 CST, then 09:00 CDT
	clock.Advance(time.Date(2027, 3, 8, 15, 0, 30, 0, time.UTC).Sub(clock.Now()))
	bottest.Eventually(t, 10*time.Second, func() bool { return len(windowsOf(t, bots[0])) >= 1 }, "the first window opens")
	noSeverity := `{"summary":"Disk 1 full","dedup_key":"disk-1","service":"database"}` // the service default applies
	if code, body := bottest.Do(t, "POST", bots[1].URL+"/webhooks/generic", noSeverity, auth); code != 202 || !strings.Contains(body, `"incidents":[]`) {
		t.Fatalf("alert during the recurring window: %d %s", code, body)
	}
	clock.Advance(time.Date(2027, 3, 15, 14, 0, 30, 0, time.UTC).Sub(clock.Now())) // 09:00 CDT
	bottest.Eventually(t, 10*time.Second, func() bool { return len(windowsOf(t, bots[0])) >= 2 }, "the second window opens")
	time.Sleep(time.Second) // let any duplicate show itself
	ws := windowsOf(t, bots[2])
	if len(ws) != 2 {
		t.Fatalf("want 2 windows, got %v", ws)
	}
	for i, w := range ws {
		start, _ := time.Parse(time.RFC3339, w["start"].(string))
		if start.UTC().Format(time.RFC3339) != wantStarts[i] || w["name"] != "patch-monday" {
			t.Errorf("window %d: %v, want start %s", i, w, wantStarts[i])
		}
	}
	// The alert held in the first week still fired at its end: one incident.
	bottest.Eventually(t, 10*time.Second, func() bool { return incidentCount(t, bots[0]) == 1 }, "the held alert opens its incident")
	if inc := incidentJSON(t, bots[0], "INC-1"); inc["severity"] != "sev2" {
		t.Fatalf("held alert with no severity: %v", inc["severity"])
	}
}

// A hold_open window pauses the ladder of an incident already open on a
// covered service, and the ladder goes on at the window's end; without
// hold_open the ladder keeps going during the window.
func TestMaintenanceHoldOpenPausesLadder(t *testing.T) {
	for _, hold := range []bool{true, false} {
		t.Run(fmt.Sprintf("hold_open=%v", hold), func(t *testing.T) { testHoldOpen(t, hold) })
	}
}

func testHoldOpen(t *testing.T, hold bool) {
	yaml := testYAML(t, redistest.URL(t), "") + fmt.Sprintf("\nmaintenance:\n  - {name: hold, services: [database], every: \"tue 10:01\", duration: 10m, hold_open: %v}\n", hold)
	clock := bottest.NewClock(tuesday10) // Tue 10:00 Chicago: step 1 pages acme-it, then waits 2m
	b := bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now})
	if code, body := bottest.Do(t, "POST", b.URL+"/webhooks/generic", diskAlert, auth); code != 202 {
		t.Fatalf("alert: %d %s", code, body)
	}
	pages := func() int { return strings.Count(b.Out.String(), "📟 PAGE") }
	bottest.Eventually(t, 10*time.Second, func() bool { return pages() == 1 }, "step 1 pages:\n%s", b.Out)
	clock.Advance(90 * time.Second) // 10:01:30: the window opens
	bottest.Eventually(t, 10*time.Second, func() bool { return len(windowsOf(t, b)) == 1 }, "the window opens")
	clock.Advance(2 * time.Minute) // 10:03:30: the next step was due at 10:02
	if !hold {
		bottest.Eventually(t, 10*time.Second, func() bool { return pages() > 1 }, "the ladder keeps going:\n%s", b.Out)
		return
	}
	time.Sleep(time.Second)
	if n := pages(); n != 1 {
		t.Fatalf("the ladder went on during a hold_open window: %d pages\n%s", n, b.Out)
	}
	clock.Advance(8 * time.Minute) // 10:11:30: the window ended at 10:11
	bottest.Eventually(t, 10*time.Second, func() bool { return pages() > 1 }, "the ladder goes on after the window:\n%s", b.Out)
}
