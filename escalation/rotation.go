package escalation

import (
	"time"
)

// Override puts Member on call from From (inclusive) to To (exclusive),
// whatever the rotation says. When overrides overlap, the one listed last
// wins, so the bot appends newer overrides.
type Override struct {
	Member   string
	From, To time.Time
}

// Rotation is a team's built-in on-call schedule: Members take turns, each
// from one hand-off to the next.
//
// The first hand-off is the first HandoffDay at HandoffMin (local wall
// clock in Location, nil meaning UTC) at or after Start; Members[0] takes
// over there, Members[1] at the next one, and so on round the list. Before
// the first hand-off the last member is on call, as if handing over to
// Members[0]. Every <= 0 means weekly.
//
// When Every is a whole number of days, hand-offs happen at the same local
// wall time (a weekly Monday 09:00 hand-off stays at 09:00 across DST, so
// that week is an hour shorter or longer); otherwise every hand-off is
// exactly Every after the previous one. A hand-off time that does not exist
// on a spring-forward day happens at the jump (the first instant whose wall
// clock has passed it); one that happens twice on a fall-back day happens
// the first time.
type Rotation struct {
	Members    []string
	Location   *time.Location
	HandoffDay time.Weekday
	HandoffMin int
	Every      time.Duration
	Start      time.Time
	Overrides  []Override
}

const day = 24 * time.Hour

// maxUntilSteps bounds the search for the next change of on-call in OnCall.
const maxUntilSteps = 1000

// OnCall returns who is on call at t, and until when: the first later
// hand-off or override edge at which someone else is on call. When no one
// else ever takes over (a one-member rotation and no override ahead) until
// is the next hand-off. member is "" when the rotation has no members and no
// override covers t.
func (r *Rotation) OnCall(t time.Time) (member string, until time.Time) {
	member = r.memberAt(t)
	// With fewer than two distinct members a hand-off never changes who is
	// on call: only override edges can, so don't walk hand-offs one by one.
	rotates := r.rotates()
	b := r.nextBoundary(t, rotates)
	for i := 0; i < maxUntilSteps && !b.IsZero(); i++ {
		if r.memberAt(b) != member {
			return member, b
		}
		b = r.nextBoundary(b, rotates)
	}
	return member, r.handoff(r.turn(t) + 1)
}

// rotates reports whether the members list names at least two people.
func (r *Rotation) rotates() bool {
	for _, m := range r.Members {
		if m != r.Members[0] {
			return true
		}
	}
	return false
}

// memberAt is who is on call at t, overrides first.
func (r *Rotation) memberAt(t time.Time) string {
	for i := len(r.Overrides) - 1; i >= 0; i-- {
		o := r.Overrides[i]
		if !t.Before(o.From) && t.Before(o.To) {
			return o.Member
		}
	}
	if len(r.Members) == 0 {
		return ""
	}
	n := len(r.Members)
	return r.Members[((r.turn(t)%n)+n)%n]
}

// nextBoundary is the first instant after t where the answer may change:
// the next hand-off (when handoffs is set) or an override's start or end;
// the zero time when there is none.
func (r *Rotation) nextBoundary(t time.Time, handoffs bool) time.Time {
	var next time.Time
	if handoffs {
		next = r.handoff(r.turn(t) + 1)
	}
	for _, o := range r.Overrides {
		for _, e := range []time.Time{o.From, o.To} {
			if e.After(t) && (next.IsZero() || e.Before(next)) {
				next = e
			}
		}
	}
	return next
}

func (r *Rotation) loc() *time.Location {
	if r.Location == nil {
		return time.UTC
	}
	return r.Location
}

func (r *Rotation) every() time.Duration {
	if r.Every <= 0 {
		return 7 * day
	}
	return r.Every
}

// firstDate is the local date of the first hand-off: the first HandoffDay
// whose HandoffMin is at or after Start. Dates are kept as UTC midnights so
// that adding days is plain calendar arithmetic.
func (r *Rotation) firstDate() time.Time {
	s := r.Start.In(r.loc())
	y, m, d := s.Date()
	ahead := (int(r.HandoffDay) - int(s.Weekday()) + 7) % 7
	if wallInstant(y, m, d+ahead, r.HandoffMin, r.loc()).Before(r.Start) {
		ahead += 7
	}
	return time.Date(y, m, d+ahead, 0, 0, 0, 0, time.UTC)
}

// handoff returns the k-th hand-off (k = 0 is the first, k >= 0).
func (r *Rotation) handoff(k int) time.Time {
	fd := r.firstDate()
	ev := r.every()
	if ev%day != 0 {
		return wallInstant(fd.Year(), fd.Month(), fd.Day(), r.HandoffMin, r.loc()).Add(time.Duration(k) * ev)
	}
	// Whole days: count local dates, not hours, so the wall time holds
	// across DST.
	return wallInstant(fd.Year(), fd.Month(), fd.Day()+k*int(ev/day), r.HandoffMin, r.loc())
}

// turn is the number of the last hand-off at or before t, -1 before the
// first one.
func (r *Rotation) turn(t time.Time) int {
	h0 := r.handoff(0)
	if t.Before(h0) {
		return -1
	}
	ev := r.every()
	var k int
	if ev%day != 0 {
		k = int(t.Sub(h0) / ev)
	} else {
		// Estimate from civil days, then correct below: a DST shift moves
		// a hand-off by at most a few hours, so the estimate is off by at
		// most one turn.
		y, m, d := t.In(r.loc()).Date()
		days := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(r.firstDate()) / day)
		k = days / int(ev/day)
	}
	for k > 0 && r.handoff(k).After(t) {
		k--
	}
	for !r.handoff(k + 1).After(t) {
		k++
	}
	return k
}

// wallInstant is the first instant whose local wall clock in loc reads
// minute min of date y-m-d (d and min may overflow; they are normalised).
// For a wall time skipped by a DST jump it is the jump itself; for one
// repeated when clocks go back it is the first occurrence. time.Date leaves
// both cases unspecified, so they are settled here.
func wallInstant(y int, m time.Month, d, min int, loc *time.Location) time.Time {
	want := time.Date(y, m, d, 0, min, 0, 0, time.UTC)
	t := time.Date(y, m, d, 0, min, 0, 0, loc)
	_, off := t.Zone()
	start, end := t.ZoneBounds()
	got := t.Add(time.Duration(off) * time.Second) // t's wall clock, as a UTC reading
	switch {
	case got.Before(want):
		return end // Go chose an instant before the gap: the jump ends its zone
	case got.After(want):
		return start // Go chose an instant after the gap: the jump starts its zone
	}
	if !start.IsZero() {
		// If clocks went back at start, the same wall time may have come
		// before start, under the earlier, larger offset.
		_, prevOff := start.Add(-time.Nanosecond).Zone()
		if alt := want.Add(-time.Duration(prevOff) * time.Second); prevOff > off && alt.Before(start) {
			return alt
		}
	}
	return t
}
