package escalation

import (
	"testing"
	"time"
)

// daily is a three-person rotation handing over every day at 09:00 Chicago.
func daily(t testing.TB) *Rotation {
	r := weekly(t)
	r.HandoffDay = time.Sunday
	r.Every = 24 * time.Hour
	return r
}

func TestSwapExchangesThatDayOnly(t *testing.T) {
	r := daily(t)
	before := r.Shifts(chicagoLocal(t, 2026, 3, 9, 0, 0), chicagoLocal(t, 2026, 3, 12, 0, 0))
	sw := r.With(nil, []Swap{{A: "Alice", B: "Bob", Date: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)}})
	dayFrom, dayTo := r.DayBounds(time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
	for at := before[0].From; at.Before(chicagoLocal(t, 2026, 3, 12, 0, 0)); at = at.Add(30 * time.Minute) {
		was, _ := r.OnCall(at)
		now, _ := sw.OnCall(at)
		want := was
		if !at.Before(dayFrom) && at.Before(dayTo) {
			want = map[string]string{"Alice": "Bob", "Bob": "Alice", "Carol": "Carol"}[was]
		}
		if now != want {
			t.Fatalf("at %s: on call %s, want %s (rotation says %s)", at, now, want, was)
		}
	}
}

func TestShiftsMergeAndCutAtEdges(t *testing.T) {
	r := weekly(t)
	from := chicagoLocal(t, 2026, 3, 2, 0, 0)
	r2 := r.With([]Override{{Member: "Dana", From: chicagoLocal(t, 2026, 3, 3, 10, 0), To: chicagoLocal(t, 2026, 3, 3, 12, 0)}}, nil)
	got := r2.Shifts(from, from.Add(8*day))
	want := []string{"Carol", "Alice", "Dana", "Alice", "Bob"}
	if len(got) != len(want) {
		t.Fatalf("shifts %+v, want members %v", got, want)
	}
	for i, s := range got {
		if s.Member != want[i] || (i > 0 && !s.From.Equal(got[i-1].To)) {
			t.Errorf("shift %d = %+v, want %s following on", i, s, want[i])
		}
	}
}
