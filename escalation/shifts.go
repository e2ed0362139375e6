package escalation

import "time"

// Swap exchanges two members' shifts on one local date of the rotation's
// zone: from that date's midnight to the next, wherever the rotation (with
// its overrides) has A on call B is, and the other way round.
type Swap struct {
	A, B string
	// Date is the local date as a UTC midnight (only its year, month and
	// day count).
	Date time.Time
}

// Shift is one stretch of time with one person on call.
type Shift struct {
	Member   string
	From, To time.Time
}

// With returns a copy of r whose overrides are r's own, then the swaps
// (each turned into overrides from the rotation as it stood before it), then
// overrides: later ones win, so stored overrides beat swaps and config.
func (r *Rotation) With(overrides []Override, swaps []Swap) *Rotation {
	out := *r
	out.Overrides = append([]Override(nil), r.Overrides...)
	for _, s := range swaps {
		out.Overrides = append(out.Overrides, out.swapOverrides(s)...)
	}
	out.Overrides = append(out.Overrides, overrides...)
	return &out
}

// swapOverrides are the overrides that carry out swap s on r.
func (r *Rotation) swapOverrides(s Swap) []Override {
	from, to := r.DayBounds(s.Date)
	var ov []Override
	for _, sh := range r.Shifts(from, to) {
		switch sh.Member {
		case s.A:
			ov = append(ov, Override{Member: s.B, From: sh.From, To: sh.To})
		case s.B:
			ov = append(ov, Override{Member: s.A, From: sh.From, To: sh.To})
		}
	}
	return ov
}

// DayBounds is the first instant of local date d in the rotation's zone and
// the first instant of the next date (23 or 25 hours later across DST).
func (r *Rotation) DayBounds(d time.Time) (from, to time.Time) {
	y, m, dd := d.Date()
	return wallInstant(y, m, dd, 0, r.loc()), wallInstant(y, m, dd+1, 0, r.loc())
}

// Shifts cuts [from, to) into stretches of one person on call each, with
// overrides applied; adjacent stretches of one person are merged. Stretches
// with nobody on call are left out.
func (r *Rotation) Shifts(from, to time.Time) []Shift {
	var out []Shift
	for t := from; t.Before(to); {
		next := r.nextBoundary(t, len(r.Members) > 0)
		if next.IsZero() || next.After(to) {
			next = to
		}
		m := r.memberAt(t)
		switch {
		case m == "":
		case len(out) > 0 && out[len(out)-1].Member == m && out[len(out)-1].To.Equal(t):
			out[len(out)-1].To = next
		default:
			out = append(out, Shift{Member: m, From: t, To: next})
		}
		t = next
	}
	return out
}

// TurnBounds is the hand-off that began the turn in effect at t (Start
// before the first hand-off) and the hand-off that ends it: fixed edges,
// so a calendar cut at them lists whole shifts on every fetch.
func (r *Rotation) TurnBounds(t time.Time) (from, to time.Time) {
	k := r.turn(t)
	if k < 0 {
		return r.Start, r.handoff(0)
	}
	return r.handoff(k), r.handoff(k + 1)
}
