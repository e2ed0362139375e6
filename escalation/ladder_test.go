package escalation

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// standardLadder is DESIGN.md §5.3's "standard" ladder on the Chicago office
// calendar (Mon–Fri 08:00–18:00).
func standardLadder(t testing.TB) *Ladder {
	return &Ladder{
		Name:     "standard",
		Calendar: chicagoOffice(t),
		Repeat:   1,
		Steps: []Step{
			{Notify: []string{"acme-it"}, When: BusinessHours, Wait: 10 * time.Minute},
			{Notify: []string{"noc"}, When: AfterHours, Wait: 15 * time.Minute},
			{Notify: []string{"noc", "acme-it"}, Wait: 15 * time.Minute},
			{Notify: []string{"managers"}, MinSeverity: incident.Sev1},
		},
	}
}

func sideOf(team string) incident.Side {
	switch team {
	case "acme-it":
		return incident.Internal
	case "noc":
		return incident.MSP
	}
	return "" // managers belong to neither side
}

// chicagoLocal builds a Chicago wall-clock instant (unambiguous dates only).
func chicagoLocal(t testing.TB, y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, mustLoad(t, "America/Chicago"))
}

type nextCase struct {
	cursor int
	at     time.Time
	ok     bool
	want   Action
}

func checkNext(t *testing.T, l *Ladder, sev incident.Severity, cases []nextCase) {
	t.Helper()
	for i, tc := range cases {
		got, ok := l.Next(tc.cursor, sev, tc.at)
		if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("case %d: Next(%d, %s, %s) = %+v, %v; want %+v, %v", i, tc.cursor, sev, tc.at, got, ok, tc.want, tc.ok)
		}
	}
}

// An incident opened Tue 2026-03-10 17:55 CDT on the standard ladder, sev2.
func TestNextStandardLadderAcross1800(t *testing.T) {
	l := standardLadder(t)
	at := func(h, m int) time.Time { return chicagoLocal(t, 2026, 3, 10, h, m) }
	checkNext(t, l, incident.Sev2, []nextCase{
		// 17:55 is business hours: step 1 pages acme-it and waits 10m.
		{0, at(17, 55), true, Action{Cursor: 0, Pass: 0, Index: 0, Teams: []string{"acme-it"}, Window: BusinessHours, Wait: 10 * time.Minute}},
		// 18:05 is after hours: step 2 (after_hours) pages noc, waits 15m.
		{1, at(18, 5), true, Action{Cursor: 1, Pass: 0, Index: 1, Teams: []string{"noc"}, Window: AfterHours, Wait: 15 * time.Minute}},
		// 18:20: step 3 applies in any window.
		{2, at(18, 20), true, Action{Cursor: 2, Pass: 0, Index: 2, Teams: []string{"noc", "acme-it"}, Window: AfterHours, Wait: 15 * time.Minute}},
		// 18:35: step 4 is sev1 only, skipped; pass 2 step 1 is business
		// hours only, skipped; pass 2 step 2 pages noc (cursor 4+1 = 5),
		// all at 18:35 without waiting for the skipped steps.
		{3, at(18, 35), true, Action{Cursor: 5, Pass: 1, Index: 1, Teams: []string{"noc"}, Window: AfterHours, Wait: 15 * time.Minute}},
		{6, at(18, 50), true, Action{Cursor: 6, Pass: 1, Index: 2, Teams: []string{"noc", "acme-it"}, Window: AfterHours, Wait: 15 * time.Minute}},
		// 19:05: only the sev1 step is left: the ladder holds.
		{7, at(19, 5), false, Action{}},
		{8, at(19, 5), false, Action{}},
		{100, at(19, 5), false, Action{}},
	})
}

// Same incident at sev1: the managers step applies and waits 0, so the
// second pass starts at once.
func TestNextMinSeverity(t *testing.T) {
	l := standardLadder(t)
	at := chicagoLocal(t, 2026, 3, 10, 18, 35)
	checkNext(t, l, incident.Sev1, []nextCase{
		{3, at, true, Action{Cursor: 3, Pass: 0, Index: 3, Teams: []string{"managers"}, Window: AfterHours, Wait: 0}},
		{4, at, true, Action{Cursor: 5, Pass: 1, Index: 1, Teams: []string{"noc"}, Window: AfterHours, Wait: 15 * time.Minute}},
		{7, at, true, Action{Cursor: 7, Pass: 1, Index: 3, Teams: []string{"managers"}, Window: AfterHours}},
		{8, at, false, Action{}},
	})
	// An invalid severity never meets a min_severity.
	if a, ok := l.Next(3, 0, at); !ok || a.Cursor != 5 {
		t.Errorf("severity 0 at step 4: %+v %v, want the managers step skipped", a, ok)
	}
}

// DESIGN §5.3: opened at 17:55, the next step is reached at 18:10 and
// follows after-hours routing. Step 1 waits 15m here; at 18:10 the
// business-hours step 2 is skipped and the after-hours step 3 pages noc.
func TestNextEvaluatedWhenReached(t *testing.T) {
	l := &Ladder{
		Calendar: chicagoOffice(t),
		Steps: []Step{
			{Notify: []string{"acme-it"}, Wait: 15 * time.Minute},
			{Notify: []string{"acme-it"}, When: BusinessHours, Wait: 10 * time.Minute},
			{Notify: []string{"noc"}, When: AfterHours, Wait: 15 * time.Minute},
		},
	}
	open := chicagoLocal(t, 2026, 3, 10, 17, 55)
	a, ok := l.Next(0, incident.Sev2, open)
	if !ok || a.Cursor != 0 || a.Window != BusinessHours || a.Wait != 15*time.Minute {
		t.Fatalf("at 17:55: %+v %v", a, ok)
	}
	reached := open.Add(a.Wait) // 18:10 CDT
	b, ok := l.Next(a.NextCursor(), incident.Sev2, reached)
	want := Action{Cursor: 2, Pass: 0, Index: 2, Teams: []string{"noc"}, Window: AfterHours, Wait: 15 * time.Minute}
	if !ok || !reflect.DeepEqual(b, want) {
		t.Errorf("at 18:10: %+v %v, want %+v", b, ok, want)
	}
	// Repeat 0: nothing after the last step.
	if _, ok := l.Next(3, incident.Sev2, reached); ok {
		t.Error("repeat 0: want hold after the last step")
	}
}

func TestNextDedupAndEdges(t *testing.T) {
	l := &Ladder{Steps: []Step{{Notify: []string{"noc", "noc", "", "acme-it", "noc"}, Wait: -time.Minute}}, Repeat: -3}
	a, ok := l.Next(-5, incident.Sev3, utc(2026, 3, 10, 15, 0))
	want := Action{Teams: []string{"noc", "acme-it"}, Window: AfterHours} // nil calendar: after hours; negative wait: 0
	if !ok || !reflect.DeepEqual(a, want) {
		t.Errorf("got %+v %v, want %+v", a, ok, want)
	}
	if l.Total() != 1 {
		t.Errorf("negative repeat: Total %d, want 1", l.Total())
	}
	if _, ok := (&Ladder{}).Next(0, incident.Sev1, time.Time{}); ok {
		t.Error("empty ladder: want ok=false")
	}
	var nilLadder *Ladder
	if _, ok := nilLadder.Next(0, incident.Sev1, time.Time{}); ok {
		t.Error("nil ladder: want ok=false")
	}
}

// TestManualEscalation: "escalate next" is Next, made now instead of when the
// timer fires; "escalate TEAM" is a manual page recorded outside the ladder.
func TestManualEscalation(t *testing.T) {
	l := standardLadder(t)
	// Step 1 paged acme-it at 17:50 (stored cursor 1, timer due 18:00).
	// Someone presses Escalate at 17:57, still business hours: step 2 is
	// after-hours only and skipped, step 3 is reached now.
	at := chicagoLocal(t, 2026, 3, 10, 17, 57)
	a, ok := l.Next(1, incident.Sev2, at)
	want := Action{Cursor: 2, Pass: 0, Index: 2, Teams: []string{"noc", "acme-it"}, Window: BusinessHours, Wait: 15 * time.Minute}
	if !ok || !reflect.DeepEqual(a, want) {
		t.Errorf("escalate next: %+v %v, want %+v", a, ok, want)
	}
	if a.NextCursor() != 3 {
		t.Errorf("NextCursor %d, want 3", a.NextCursor())
	}
	if _, ok := l.Next(7, incident.Sev2, at); ok {
		t.Error("escalate past the last step: want ok=false")
	}
	to := Manual(1, l.WindowAt(at))
	wantTo := Reached{Index: -1, Cursor: 0, Window: BusinessHours}
	if to != wantTo || to.Step() != "manual" {
		t.Errorf("Manual: %+v, want %+v", to, wantTo)
	}
}

func TestLadderValidate(t *testing.T) {
	if err := standardLadder(t).Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []*Ladder{
		{},
		{Repeat: -1, Steps: []Step{{Notify: []string{"a"}}}},
		{Steps: []Step{{}}},
		{Steps: []Step{{Notify: []string{"a"}, When: "lunch"}}},
		{Steps: []Step{{Notify: []string{"a"}, MinSeverity: 9}}},
		{Steps: []Step{{Notify: []string{"a"}, Wait: -time.Second}}},
		{Steps: []Step{{Notify: []string{"a"}}}, Calendar: &Calendar{Holidays: []string{"xmas"}}},
	}
	for i, l := range bad {
		if l.Validate() == nil {
			t.Errorf("case %d: want an error", i)
		}
	}
}

func BenchmarkNext(b *testing.B) {
	l := standardLadder(b)
	start := utc(2026, 3, 1, 0, 0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_, _ = l.Next(i%l.Total(), incident.Sev2, start.Add(time.Duration(i%10000)*7*time.Minute))
	}
}
