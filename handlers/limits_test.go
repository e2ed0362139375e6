package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

type limitCount struct{ diverted, notStored int }

// limitedService is a service over real Redis with the generic source's
// limits, recording what it reports for the metrics.
func limitedService(t *testing.T, c *clock, rule handlers.SourceRule) (*handlers.Service, *redisstore.Store, *limitCount) {
	t.Helper()
	st := redistest.Open(t)
	got := &limitCount{}
	rule.AutoResolve, rule.ReopenWithin = true, 30*time.Minute
	svc := handlers.New(st, handlers.Options{
		Now:            c.Now,
		Services:       map[string]handlers.ServiceRule{"database": {Severity: incident.Sev2}},
		DefaultService: "database",
		Platforms:      []string{"console"},
		Sources:        map[string]handlers.SourceRule{"generic": rule},
		Limited: func(source string, diverted, notStored int) {
			got.diverted += diverted
			got.notStored += notStored
		},
	})
	return svc, st, got
}

func group(key, title string, fingerprints ...string) incident.AlertGroup {
	g := incident.AlertGroup{Source: "generic", Key: key, Title: title}
	for _, fp := range fingerprints {
		g.Alerts = append(g.Alerts, incident.Alert{Fingerprint: fp, Status: incident.AlertFiring, Summary: "s " + fp})
	}
	return g
}

func fps(prefix string, from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("%s%d", prefix, i))
	}
	return out
}

// max_alerts holds per incident across payloads: past it, new alerts are
// counted (card, metric) and not stored; a repeated delivery does not count
// them twice; alerts already stored still change state.
func TestMaxAlertsAcrossPayloads(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)}
	svc, st, got := limitedService(t, c, handlers.SourceRule{MaxAlerts: 5})
	ctx := context.Background()
	id := intake(t, svc, group("big", "Big group", fps("a", 0, 3)...))
	intake(t, svc, group("big", "Big group", fps("a", 0, 8)...)) // 2 more fit, 3 do not
	inc, _ := st.Get(ctx, id)
	if inc.Alerts != (incident.AlertCounts{Firing: 5, NotStored: 3}) {
		t.Fatalf("after 8 distinct alerts with max 5: %+v", inc.Alerts)
	}
	tl, _ := st.Timeline(ctx, id)
	if len(tl) != 1+5 {
		t.Fatalf("%d timeline entries; want opened and 5 alert.firing", len(tl))
	}
	states, _ := st.AlertStates(ctx, id, fps("a", 0, 8))
	if len(states) != 5 {
		t.Fatalf("%d alert states stored, want 5", len(states))
	}
	// The source sends the whole group again: nothing is counted twice.
	intake(t, svc, group("big", "Big group", fps("a", 0, 8)...))
	if inc, _ := st.Get(ctx, id); inc.Alerts.NotStored != 3 || got.notStored != 3 {
		t.Fatalf("repeat delivery: %+v, metric %d", inc.Alerts, got.notStored)
	}
	// A stored alert still resolves; the group grows by two unstored ones.
	g := group("big", "Big group", fps("a", 0, 10)...)
	g.Alerts[0].Status = incident.AlertResolved
	intake(t, svc, g)
	inc, _ = st.Get(ctx, id)
	if inc.Alerts != (incident.AlertCounts{Firing: 4, Resolved: 1, NotStored: 5}) || got.notStored != 5 {
		t.Fatalf("after growth: %+v, metric %d", inc.Alerts, got.notStored)
	}
	if !strings.Contains(inc.Alerts.Text(), "+5 alerts not stored") {
		t.Fatalf("card line %q", inc.Alerts.Text())
	}
}

// With auto_resolve, an incident whose stored alerts have all resolved
// stays open while alerts past max_alerts still fire, and resolves once a
// delivery says none of them fires any more.
func TestAlertsPastMaxAlertsHoldAutoResolve(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)}
	svc, st, _ := limitedService(t, c, handlers.SourceRule{MaxAlerts: 2})
	ctx := context.Background()
	id := intake(t, svc, group("big", "Big group", fps("a", 0, 4)...)) // a0, a1 stored; a2, a3 not
	g := group("big", "Big group", fps("a", 0, 4)...)
	g.Alerts[0].Status, g.Alerts[1].Status = incident.AlertResolved, incident.AlertResolved
	intake(t, svc, g)
	if inc, _ := st.Get(ctx, id); inc.Status != incident.StatusOpen || inc.Alerts != (incident.AlertCounts{Resolved: 2, NotStored: 2}) {
		t.Fatalf("stored alerts resolved, two unstored still firing: %s %+v; want open", inc.Status, inc.Alerts)
	}
	intake(t, svc, g) // the same delivery again changes nothing
	if inc, _ := st.Get(ctx, id); inc.Status != incident.StatusOpen {
		t.Fatalf("repeat delivery: %s", inc.Status)
	}
	g.Alerts[2].Status = incident.AlertResolved
	intake(t, svc, g)
	if inc, _ := st.Get(ctx, id); inc.Status != incident.StatusOpen {
		t.Fatalf("one unstored alert still firing: %s", inc.Status)
	}
	g.Alerts[3].Status = incident.AlertResolved
	intake(t, svc, g)
	inc, _ := st.Get(ctx, id)
	if inc.Status != incident.StatusResolved {
		t.Fatalf("every alert resolved: %s %+v", inc.Status, inc.Alerts)
	}
	tl, _ := st.Timeline(ctx, id)
	if last := tl[len(tl)-1]; last.Kind != incident.KindResolved || !strings.Contains(last.Details["note"], "past max_alerts") {
		t.Fatalf("last entry %s %v, want resolved naming the alerts past max_alerts", last.Kind, last.Details)
	}
}

// Dedup keys, group keys and fingerprints over 256 bytes are stored hashed;
// a repeated delivery still finds its incident and changes nothing.
func TestLongKeysStoredHashed(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)}
	svc, st, _ := limitedService(t, c, handlers.SourceRule{MaxAlerts: 100})
	ctx := context.Background()
	key := strings.Repeat("k", 300)
	id := intake(t, svc, group(key, "Long key", key))
	inc, _ := st.Get(ctx, id)
	if !strings.HasPrefix(inc.DedupKey, "generic:sha256:") || len(inc.DedupKey) != len("generic:sha256:")+64 {
		t.Fatalf("dedup key stored as %q", inc.DedupKey)
	}
	tl, _ := st.Timeline(ctx, id)
	if fp := tl[1].Details["fingerprint"]; !strings.HasPrefix(fp, "sha256:") || len(fp) > 71 {
		t.Fatalf("fingerprint stored as %q", fp)
	}
	if again := intake(t, svc, group(key, "Long key", key)); again != id {
		t.Fatalf("repeat went to %s, want %s", again, id)
	}
	if tl2, _ := st.Timeline(ctx, id); len(tl2) != len(tl) {
		t.Fatalf("repeat delivery added %d entries", len(tl2)-len(tl))
	}
	// A different long key (same 256-byte start) is a different group.
	if other := intake(t, svc, group(key+"x", "Other", "x")); other == id {
		t.Fatal("two long keys with one prefix share an incident")
	}
}

func TestTitleOf1000CharactersCutTo250(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)}
	svc, st, _ := limitedService(t, c, handlers.SourceRule{})
	id := intake(t, svc, group("t", strings.Repeat("ü", 1000), "a"))
	inc, _ := st.Get(context.Background(), id)
	if n := utf8.RuneCountInString(inc.Title); n != 250 || !strings.HasSuffix(inc.Title, "…") || !utf8.ValidString(inc.Title) {
		t.Fatalf("title of %d characters: %q…", n, inc.Title[:20])
	}
}

// Past max_new_per_minute, new groups join one storm incident; groups that
// have an incident are not new; the next minute below the limit resets
// the guard, and a later storm has its own storm incident.
func TestStormGuardInOneService(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 1, 3, 0, 10, 0, time.UTC)}
	svc, st, got := limitedService(t, c, handlers.SourceRule{MaxAlerts: 1000, MaxNewPerMinute: 3})
	ctx := context.Background()
	var ids []string
	for i := range 8 {
		ids = append(ids, intake(t, svc, group(fmt.Sprintf("g%d", i), fmt.Sprintf("Group %d", i), fps(fmt.Sprintf("g%d-", i), 0, 2)...)))
	}
	storm := ids[3]
	for i, id := range ids[3:] {
		if id != storm {
			t.Fatalf("group %d went to %s, want the storm incident %s", i+3, id, storm)
		}
	}
	// A group with an incident is not new: it joins its own incident.
	if id := intake(t, svc, group("g0", "Group 0", "g0-9")); id != ids[0] {
		t.Fatalf("known group went to %s", id)
	}
	inc, _ := st.Get(ctx, storm)
	want := "Alert storm from generic: 10 alerts from 5 groups (Group 3, Group 4, Group 5 +2 more)"
	if inc.Title != want || inc.Storm == nil || inc.Alerts.Firing != 10 || got.diverted != 10 {
		t.Fatalf("storm incident %q %+v, diverted %d", inc.Title, inc.Alerts, got.diverted)
	}
	// A diverted group delivers again: counted once, in the storm incident.
	if id := intake(t, svc, group("g4", "Group 4", "g4-0", "g4-1", "g4-2")); id != storm {
		t.Fatalf("diverted group went to %s", id)
	}
	if inc, _ := st.Get(ctx, storm); inc.Alerts.Firing != 11 || !strings.HasPrefix(inc.Title, "Alert storm from generic: 11 alerts from 5 groups") {
		t.Fatalf("after a member's delivery: %q %+v", inc.Title, inc.Alerts)
	}
	c.Advance(time.Minute) // still over the limit: the same storm
	for i := 8; i < 12; i++ {
		intake(t, svc, group(fmt.Sprintf("g%d", i), fmt.Sprintf("Group %d", i), "x"))
	}
	if id := intake(t, svc, group("g12", "Group 12", "x")); id != storm {
		t.Fatalf("storm minute 2 went to %s, want %s", id, storm)
	}
	c.Advance(time.Minute) // below the limit: reset
	fresh := intake(t, svc, group("g13", "Group 13", "x"))
	if fresh == storm {
		t.Fatal("after the storm, a new group still joined the storm incident")
	}
	c.Advance(2 * time.Minute) // a new storm
	var last string
	for i := 14; i < 18; i++ {
		last = intake(t, svc, group(fmt.Sprintf("g%d", i), fmt.Sprintf("Group %d", i), "x"))
	}
	if last == storm || last == fresh {
		t.Fatalf("a later storm went to %s", last)
	}
	if inc, _ := st.Get(ctx, last); inc.Storm == nil || inc.Storm.Groups != 1 {
		t.Fatalf("second storm incident %+v", inc)
	}
}
