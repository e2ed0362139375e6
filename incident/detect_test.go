package incident

import (
	"testing"
	"time"
)

func TestDetectedAndFirstPage(t *testing.T) {
	open := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	inc := Incident{ID: "INC-1", Status: StatusOpen, OpenedAt: open}
	if _, ok := inc.TimeToDetect(); ok {
		t.Fatal("no start, yet a time to detect")
	}
	alerts := []Alert{
		{Fingerprint: "a", Status: AlertResolved, StartsAt: open.Add(-time.Hour)}, // resolved: not what opened it
		{Fingerprint: "b", Status: AlertFiring, StartsAt: open.Add(-2 * time.Minute)},
		{Fingerprint: "c", Status: AlertFiring, StartsAt: open.Add(-3 * time.Minute)},
		{Fingerprint: "d", Status: AlertFiring}, // no start said
	}
	inc = inc.Detected(alerts)
	if d, ok := inc.TimeToDetect(); !ok || d != 3*time.Minute {
		t.Fatalf("time to detect %v %v, want 3m", d, ok)
	}
	if again := inc.Detected([]Alert{{Status: AlertFiring, StartsAt: open.Add(-time.Hour)}}); !again.StartedAt.Equal(inc.StartedAt) {
		t.Fatal("a later delivery moved the start")
	}
	// A source whose clock runs ahead: the start counts as the opening.
	ahead := Incident{OpenedAt: open}.Detected([]Alert{{Status: AlertFiring, StartsAt: open.Add(time.Minute)}})
	if d, ok := ahead.TimeToDetect(); !ok || d != 0 {
		t.Fatalf("start after the opening: %v %v, want 0", d, ok)
	}

	inc, first := inc.MarkPaged("internal", open)
	inc, _ = inc.MarkPaged("msp", open.Add(10*time.Minute))
	inc, again := inc.MarkPaged("internal", open.Add(20*time.Minute))
	if !first || again || !inc.PagedAt["internal"].Equal(open) {
		t.Fatalf("first page per side: %v %v %v", first, again, inc.PagedAt)
	}
	if d, ok := inc.TimeToFirstPage(); !ok || d != 0 {
		t.Fatalf("time to first page %v %v", d, ok)
	}
	inc, _ = inc.MarkPaged("", open) // the managers have no side
	if _, ok := inc.PagedAt[SideManagers]; !ok {
		t.Fatalf("managers' page: %v", inc.PagedAt)
	}

	// A reopening starts both clocks again.
	inc.Status = StatusResolved
	re, _, err := inc.Reopen(Monitoring, "fires again", open.Add(time.Hour))
	if err != nil || !re.StartedAt.IsZero() || re.PagedAt != nil || len(inc.PagedAt) != 3 {
		t.Fatalf("reopened: start %v, paged %v (before %v), %v", re.StartedAt, re.PagedAt, inc.PagedAt, err)
	}
}
