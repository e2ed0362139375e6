package bot_test

import (
	"os"

	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// icalYAML is oncallYAML with a three-person rotation and a feed secret.
func icalYAML(t testing.TB, redisURL string) string {
	y := strings.Replace(oncallYAML(t, redisURL), "members: [{name: Alice}, {name: Bob}]\n    rotation: {members: [Alice, Bob]",
		"members: [{name: Alice}, {name: Bob}, {name: Dana}]\n    rotation: {members: [Alice, Bob, Dana]", 1)
	return y + "ical: {token_env: ICAL_SECRET}\n"
}

var icalEnv = map[string]string{"TOKEN": "s3cret", "API_TOKEN": "api-token", "ICAL_SECRET": "feed-secret"}

// The acme-it feed, read by a real iCalendar parser, lists the rotation's
// shifts for 8 weeks across the 2027-03-14 DST change, with an override
// and a swap applied, in America/Chicago with a VTIMEZONE that has the
// change; a wrong token is 403, a team without rotation 404.
func TestICalFeedMatchesRotationAcrossDST(t *testing.T) {
	start := time.Date(2027, 2, 23, 16, 0, 0, 0, time.UTC) // Tuesday 10:00 CST
	clock := bottest.NewClock(start)
	cfg := bottest.Config(t, icalYAML(t, redistest.URL(t)), icalEnv)
	b := bottest.Start(t, cfg, bot.Options{Now: clock.Now})
	for _, cmd := range []string{"oncall override acme-it Dana 2h", "oncall swap acme-it Alice Bob 2027-03-16"} {
		if r := say(b, "alice", cmd); r.Ephemeral {
			t.Fatalf("%s: %s", cmd, r.Text)
		}
	}
	u, err := bot.ICalURL(cfg, "acme-it", b.URL)
	if err != nil {
		t.Fatal(err)
	}
	code, body := bottest.Do(t, "GET", u, "", nil)
	if code != 200 {
		t.Fatalf("feed: %d %s", code, body)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, body)
	}
	want := expectedShifts(t, b, start)
	events := cal.Events()
	if len(events) != len(want) {
		t.Fatalf("%d events, want %d:\n%s", len(events), len(want), body)
	}
	uids := map[string]bool{}
	for i, e := range events {
		from, err1 := e.GetStartAt()
		to, err2 := e.GetEndAt()
		summary := e.GetProperty(ics.ComponentPropertySummary).Value
		if err1 != nil || err2 != nil || !from.Equal(want[i].From) || !to.Equal(want[i].To) || !strings.HasSuffix(summary, ": "+want[i].Member) {
			t.Errorf("event %d: %s %s – %s (%v %v), want %s %s – %s", i, summary, from, to, err1, err2, want[i].Member, want[i].From, want[i].To)
		}
		uids[e.Id()] = true
	}
	if len(uids) != len(events) {
		t.Errorf("%d distinct UIDs for %d events", len(uids), len(events))
	}
	if last := want[len(want)-1].To; last.Before(start.Add(8 * 7 * 24 * time.Hour)) {
		t.Errorf("the feed ends %s, before 8 weeks", last)
	}
	// The Monday hand-off stays at 09:00 local: 15:00Z before the change, 14:00Z after.
	if !hasStart(want, time.Date(2027, 3, 8, 15, 0, 0, 0, time.UTC)) || !hasStart(want, time.Date(2027, 3, 22, 14, 0, 0, 0, time.UTC)) {
		t.Errorf("hand-offs not at 09:00 local across DST: %+v", want)
	}
	if !strings.Contains(body, "BEGIN:DAYLIGHT\r\nDTSTART:20270314T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0500") {
		t.Errorf("no VTIMEZONE daylight observance for 2027-03-14:\n%s", body)
	}
	again, _ := bottest.Do(t, "GET", u, "", nil)
	_, body2 := bottest.Do(t, "GET", u, "", nil)
	if again != 200 || uidsOf(body2) != uidsOf(body) {
		t.Error("UIDs changed between two fetches")
	}
	if code, body := bottest.Do(t, "GET", b.URL+"/ical/acme-it.ics?token=wrong", "", nil); code != 403 || !strings.Contains(body, "wrong token") {
		t.Errorf("wrong token: %d %s", code, body)
	}
	noc := fmt.Sprintf("%s/ical/noc.ics?token=%s", b.URL, strings.Split(u, "token=")[1])
	if code, _ := bottest.Do(t, "GET", noc, "", nil); code != 403 {
		t.Errorf("acme-it's token on noc: %d, want 403", code)
	}
	if _, err := bot.ICalURL(cfg, "noc", b.URL); err == nil {
		t.Error("a URL for noc, which has no rotation")
	}
}

// expectedShifts is acme-it's effective rotation, cut the way the feed
// cuts it, from the rotation itself and the stored changes.
func expectedShifts(t *testing.T, b *bottest.Bot, now time.Time) []escalation.Shift {
	t.Helper()
	changes, err := b.Store().OnCallChanges(context.Background())
	if err != nil || len(changes) != 2 {
		t.Fatalf("stored changes %v, %v", changes, err)
	}
	team := b.Service().Directory().Teams["acme-it"]
	rot := team.Rotation.With([]escalation.Override{{Member: "Dana", From: changes[0].From, To: changes[0].To}},
		[]escalation.Swap{{A: "Alice", B: "Bob", Date: time.Date(2027, 3, 16, 0, 0, 0, 0, time.UTC)}})
	from, _ := team.Rotation.TurnBounds(now)
	_, to := team.Rotation.TurnBounds(now.Add(8 * 7 * 24 * time.Hour))
	return rot.Shifts(from, to)
}

func hasStart(shifts []escalation.Shift, at time.Time) bool {
	for _, s := range shifts {
		if s.From.Equal(at) {
			return true
		}
	}
	return false
}

func uidsOf(body string) string {
	var out []string
	for _, l := range strings.Split(body, "\r\n") {
		if strings.HasPrefix(l, "UID:") {
			out = append(out, l)
		}
	}
	return strings.Join(out, ",")
}

// calendars.<name>.holidays_ics adds the file's dates to the YAML list; a
// file that cannot be read is a config problem naming the key.
func TestHolidaysICS(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/holidays.ics"
	ics := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	if err := os.WriteFile(file, []byte(ics), 0o600); err != nil {
		t.Fatal(err)
	}
	yaml := func(path string) string {
		return strings.Replace(ladderYAML(t, "", "10m"), `      - {days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00"}`,
			`      - {days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00"}
    holidays: ["2026-12-25", "2026-11-26"]
    holidays_ics: `+path, 1)
	}
	cfg := bottest.Config(t, yaml(file), testEnv)
	if got := strings.Join(cfg.Calendars["office"].Holidays, ","); got != "2026-12-25,2026-11-26,2027-01-01" {
		t.Fatalf("holidays %s", got)
	}
	_, err := config.Parse("t.yaml", []byte(yaml(dir+"/missing.ics")), func(k string) string { return testEnv[k] })
	if err == nil || !strings.Contains(err.Error(), "holidays_ics") || !strings.Contains(err.Error(), "missing.ics") {
		t.Fatalf("a missing file: %v", err)
	}
}
