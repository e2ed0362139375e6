package escalation

import (
	"testing"
	"time"
)

// weekly is acme-it's rotation from DESIGN.md: Monday 09:00 Chicago,
// every 168h. Start is Sunday 2026-03-01, so the first hand-off (to Alice)
// is Monday 2026-03-02 09:00 CST = 15:00Z; before it Carol, the last
// member, is on call.
func weekly(t testing.TB) *Rotation {
	return &Rotation{
		Members:    []string{"Alice", "Bob", "Carol"},
		Location:   mustLoad(t, "America/Chicago"),
		HandoffDay: time.Monday,
		HandoffMin: 9 * 60,
		Every:      168 * time.Hour,
		Start:      chicagoLocal(t, 2026, 3, 1, 0, 0),
	}
}

type onCallCase struct {
	name   string
	at     time.Time
	member string
	until  time.Time
}

func checkOnCall(t *testing.T, r *Rotation, cases []onCallCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, until := r.OnCall(tc.at)
			if m != tc.member || !until.Equal(tc.until) {
				t.Errorf("OnCall(%s) = %s until %s, want %s until %s", tc.at, m, until, tc.member, tc.until)
			}
		})
	}
}

// handoffs are the instants in (from, to) when the on-call person changes,
// read from OnCall's until: with members taking turns, its hand-offs.
func handoffs(r *Rotation, from, to time.Time) []time.Time {
	var out []time.Time
	for _, h := r.OnCall(from); h.Before(to); _, h = r.OnCall(h) {
		out = append(out, h)
	}
	return out
}

func TestRotationWeeklyAcrossDST(t *testing.T) {
	r := weekly(t)
	checkOnCall(t, r, []onCallCase{
		{"before the first hand-off", utc(2026, 3, 1, 18, 0), "Carol", utc(2026, 3, 2, 15, 0)},
		{"first hand-off 09:00 CST", utc(2026, 3, 2, 15, 0), "Alice", utc(2026, 3, 9, 14, 0)},
		// DST began Sunday 03-08: the Monday 09:00 hand-off is now 14:00Z.
		{"08:59 CDT still Alice", utc(2026, 3, 9, 13, 59), "Alice", utc(2026, 3, 9, 14, 0)},
		{"09:00 CDT Bob", utc(2026, 3, 9, 14, 0), "Bob", utc(2026, 3, 16, 14, 0)},
		// 2026-03-02 → 2026-10-26 is 34 weeks (34 % 3 = 1, Bob), hand-off
		// 09:00 CDT = 14:00Z; DST ends 11-01, so the next one, week 35
		// (Carol), is 09:00 CST = 15:00Z.
		{"last CDT week", utc(2026, 10, 30, 12, 0), "Bob", utc(2026, 11, 2, 15, 0)},
		{"08:30 CST still Bob", utc(2026, 11, 2, 14, 30), "Bob", utc(2026, 11, 2, 15, 0)},
		{"09:00 CST Carol", utc(2026, 11, 2, 15, 0), "Carol", utc(2026, 11, 9, 15, 0)},
	})
	hs := handoffs(r, utc(2026, 10, 20, 0, 0), utc(2026, 11, 10, 0, 0))
	want := []time.Time{utc(2026, 10, 26, 14, 0), utc(2026, 11, 2, 15, 0), utc(2026, 11, 9, 15, 0)}
	if !equalTimes(hs, want) {
		t.Errorf("hand-offs %v, want %v", hs, want)
	}
	for _, h := range hs {
		if got := h.In(r.Location).Format("Mon 15:04"); got != "Mon 09:00" {
			t.Errorf("hand-off %s is %s local, want Mon 09:00", h, got)
		}
	}
	// A year of weekly hand-offs, all Monday 09:00 local.
	for _, h := range handoffs(r, utc(2026, 1, 1, 0, 0), utc(2028, 1, 1, 0, 0)) {
		if got := h.In(r.Location).Format("Mon 15:04"); got != "Mon 09:00" {
			t.Fatalf("hand-off %s is %s local, want Mon 09:00", h, got)
		}
	}
}

func TestRotationOverrides(t *testing.T) {
	r := weekly(t)
	r.Overrides = []Override{
		// Dave covers a day of Bob's week.
		{Member: "Dave", From: utc(2026, 3, 10, 12, 0), To: utc(2026, 3, 11, 12, 0)},
		// Erin covers across the 03-16 hand-off (Bob → Carol).
		{Member: "Erin", From: utc(2026, 3, 15, 12, 0), To: utc(2026, 3, 17, 12, 0)},
		// Frank's override is listed later and wins over Erin's for an hour.
		{Member: "Frank", From: utc(2026, 3, 16, 0, 0), To: utc(2026, 3, 16, 1, 0)},
		// An override naming whoever is on call anyway changes nothing.
		{Member: "Alice", From: utc(2026, 3, 24, 0, 0), To: utc(2026, 3, 25, 0, 0)},
	}
	checkOnCall(t, r, []onCallCase{
		{"bob until dave's override", utc(2026, 3, 10, 11, 0), "Bob", utc(2026, 3, 10, 12, 0)},
		{"dave until his override ends", utc(2026, 3, 10, 13, 0), "Dave", utc(2026, 3, 11, 12, 0)},
		{"bob after dave", utc(2026, 3, 11, 12, 0), "Bob", utc(2026, 3, 15, 12, 0)},
		{"erin until frank", utc(2026, 3, 15, 13, 0), "Erin", utc(2026, 3, 16, 0, 0)},
		{"frank wins (listed later)", utc(2026, 3, 16, 0, 30), "Frank", utc(2026, 3, 16, 1, 0)},
		// The 03-16 14:00Z hand-off happens inside Erin's override: she
		// stays on call until it ends, then Carol.
		{"erin across the hand-off", utc(2026, 3, 16, 2, 0), "Erin", utc(2026, 3, 17, 12, 0)},
		{"carol after erin", utc(2026, 3, 17, 12, 0), "Carol", utc(2026, 3, 23, 14, 0)},
		// Alice's own override does not end her week early.
		{"alice through her own override", utc(2026, 3, 23, 14, 0), "Alice", utc(2026, 3, 30, 14, 0)},
	})
}

func TestRotationAbsoluteEvery(t *testing.T) {
	// Every 12h is not whole days: hand-offs are 12h apart in absolute
	// time, so DST moves them on the wall clock. First: Sat 2026-03-07
	// 09:00 CST = 15:00Z; then 03:00Z, 15:00Z (10:00 CDT after the jump).
	r := &Rotation{
		Members: []string{"A", "B"}, Location: mustLoad(t, "America/Chicago"),
		HandoffDay: time.Saturday, HandoffMin: 9 * 60, Every: 12 * time.Hour,
		Start: utc(2026, 3, 7, 0, 0),
	}
	checkOnCall(t, r, []onCallCase{
		{"before", utc(2026, 3, 7, 14, 0), "B", utc(2026, 3, 7, 15, 0)},
		{"first", utc(2026, 3, 7, 15, 0), "A", utc(2026, 3, 8, 3, 0)},
		{"third", utc(2026, 3, 8, 15, 30), "A", utc(2026, 3, 9, 3, 0)},
	})
}

func TestRotationHandoffInDSTGap(t *testing.T) {
	// Daily at 02:30 Chicago: on 2026-03-08 02:30 does not exist, so the
	// hand-off happens at the jump, 03:00 CDT = 08:00Z. On 2026-11-01 01:30
	// happens twice; the hand-off is the first, 01:30 CDT = 06:30Z.
	chi := mustLoad(t, "America/Chicago")
	gap := &Rotation{Members: []string{"A", "B"}, Location: chi, HandoffDay: time.Saturday, HandoffMin: 150, Every: 24 * time.Hour, Start: utc(2026, 3, 7, 0, 0)}
	got := handoffs(gap, utc(2026, 3, 7, 0, 0), utc(2026, 3, 10, 0, 0))
	want := []time.Time{utc(2026, 3, 7, 8, 30), utc(2026, 3, 8, 8, 0), utc(2026, 3, 9, 7, 30)}
	if !equalTimes(got, want) {
		t.Errorf("spring gap hand-offs %v, want %v", got, want)
	}
	rep := &Rotation{Members: []string{"A", "B"}, Location: chi, HandoffDay: time.Saturday, HandoffMin: 90, Every: 24 * time.Hour, Start: utc(2026, 10, 31, 0, 0)}
	got = handoffs(rep, utc(2026, 10, 31, 0, 0), utc(2026, 11, 3, 0, 0))
	want = []time.Time{utc(2026, 10, 31, 6, 30), utc(2026, 11, 1, 6, 30), utc(2026, 11, 2, 7, 30)}
	if !equalTimes(got, want) {
		t.Errorf("fall repeated hand-offs %v, want %v", got, want)
	}
}

func TestRotationEdgeCases(t *testing.T) {
	one := &Rotation{Members: []string{"Solo"}, HandoffDay: time.Monday, HandoffMin: 0, Start: utc(2026, 3, 2, 0, 0)}
	// UTC, weekly by default; nobody else ever takes over, so until is the
	// next hand-off.
	checkOnCall(t, one, []onCallCase{
		{"solo", utc(2026, 3, 4, 0, 0), "Solo", utc(2026, 3, 9, 0, 0)},
	})
	empty := &Rotation{Overrides: []Override{{Member: "Zed", From: utc(2026, 3, 4, 0, 0), To: utc(2026, 3, 5, 0, 0)}}}
	checkOnCall(t, empty, []onCallCase{
		{"nobody", utc(2026, 3, 3, 0, 0), "", utc(2026, 3, 4, 0, 0)},
		{"override only", utc(2026, 3, 4, 1, 0), "Zed", utc(2026, 3, 5, 0, 0)},
	})
	// Start exactly at the hand-off time counts ("at or after Start").
	exact := &Rotation{Members: []string{"A", "B"}, HandoffDay: time.Monday, HandoffMin: 9 * 60, Start: utc(2026, 3, 2, 9, 0)}
	if m, _ := exact.OnCall(utc(2026, 3, 2, 9, 0)); m != "A" {
		t.Errorf("start at hand-off: %s, want A", m)
	}
}

func equalTimes(a, b []time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}
