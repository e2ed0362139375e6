package escalation

import (
	"fmt"
	"sort"
	"time"
)

// Window is the part of the week a calendar puts an instant in. Ladder steps
// may apply in one window only: the internal team during business hours, the
// MSP's 24/7 desk after hours.
type Window string

// The two windows. Every instant is in exactly one of them.
const (
	BusinessHours Window = "business_hours"
	AfterHours    Window = "after_hours"
)

// Valid reports whether w is one of the two windows.
func (w Window) Valid() bool { return w == BusinessHours || w == AfterHours }

// MinutesPerDay is the EndMin that means "24:00", the end of the local day.
const MinutesPerDay = 24 * 60

// Span is a stretch of business hours, in local wall-clock minutes since
// midnight, on each of Days. EndMin 1440 means "24:00". A span whose EndMin is
// before its StartMin crosses midnight: listed on Monday, 22:00–06:00 covers
// Monday 22:00 to Tuesday 06:00. A span with StartMin == EndMin is empty.
type Span struct {
	Days     []time.Weekday
	StartMin int
	EndMin   int
}

// on reports whether the span is listed on day d.
func (s Span) on(d time.Weekday) bool {
	for _, x := range s.Days {
		if x == d {
			return true
		}
	}
	return false
}

// covers reports whether the span makes second sec of a local day with
// weekday d business hours. Seconds rather than minutes so that 17:59:59 is
// still inside a span ending at 18:00.
func (s Span) covers(d time.Weekday, sec int) bool {
	start, end := s.StartMin*60, s.EndMin*60
	switch {
	case start < end:
		return s.on(d) && sec >= start && sec < end
	case end < start:
		// The evening part belongs to the listed day, the morning part to
		// the day after it.
		return (s.on(d) && sec >= start) || (s.on((d+6)%7) && sec < end)
	default:
		return false
	}
}

// Calendar decides, for any instant, whether it is business hours or after
// hours. It works on the local wall clock in Location (nil means UTC).
//
// Holiday rule: a holiday is a local date, and the whole of that date, 00:00
// to 24:00 local, is after hours whatever the spans say, including the
// morning part of a midnight-crossing span that began the evening before.
// A holiday touches no other date: the morning part of a span that began on
// the holiday's evening, which falls on the next (ordinary) date, is business
// hours. So the window depends only on the local date and wall clock.
//
// DST: because the window is read off the wall clock, the hour skipped when
// clocks go forward simply never happens, and the hour repeated when clocks
// go back is in the same window both times.
type Calendar struct {
	Name     string
	Location *time.Location
	Spans    []Span
	Holidays []string // "YYYY-MM-DD" local dates
}

// loc returns the calendar's zone, UTC for a nil calendar or zone.
func (c *Calendar) loc() *time.Location {
	if c == nil || c.Location == nil {
		return time.UTC
	}
	return c.Location
}

// WindowAt returns the window instant t is in. A nil calendar, or one without
// spans, is after hours all the time: with no business hours configured the
// 24/7 desk is the safe answer.
func (c *Calendar) WindowAt(t time.Time) Window {
	if c == nil || len(c.Spans) == 0 {
		return AfterHours
	}
	lt := t.In(c.loc())
	y, m, d := lt.Date()
	if c.isHolidayDate(y, m, d) {
		return AfterHours
	}
	h, mi, s := lt.Clock()
	sec := h*3600 + mi*60 + s
	wd := lt.Weekday()
	for _, sp := range c.Spans {
		if sp.covers(wd, sec) {
			return BusinessHours
		}
	}
	return AfterHours
}

// IsHoliday reports whether t falls on one of the calendar's holidays, as a
// local date.
func (c *Calendar) IsHoliday(t time.Time) bool {
	if c == nil {
		return false
	}
	y, m, d := t.In(c.loc()).Date()
	return c.isHolidayDate(y, m, d)
}

// isHolidayDate compares without building strings: WindowAt is on the hot
// path of every timer and preview.
func (c *Calendar) isHolidayDate(y int, m time.Month, d int) bool {
	for _, h := range c.Holidays {
		hy, hm, hd, ok := parseDate(h)
		if ok && hy == y && hm == m && hd == d {
			return true
		}
	}
	return false
}

// parseDate reads "YYYY-MM-DD" without allocating.
func parseDate(s string) (int, time.Month, int, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	num := func(b string) (int, bool) {
		n := 0
		for i := 0; i < len(b); i++ {
			if b[i] < '0' || b[i] > '9' {
				return 0, false
			}
			n = n*10 + int(b[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(s[0:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, 0, 0, false
	}
	return y, time.Month(m), d, true
}

// changeHorizon bounds NextChange's search: a calendar that keeps one window
// for longer than this (no spans, or 24/7 spans) is reported as never
// changing.
const changeHorizon = 400 * 24 * time.Hour

// NextChange returns the first instant after t at which WindowAt differs from
// WindowAt(t), for hand-over messages and timers. It returns the zero time
// when the window does not change within 400 days.
//
// The window can only change where the local wall clock crosses a span edge
// or midnight, or where the zone's offset changes (a DST jump can move the
// wall clock across an edge, or back before one). Between two offset changes
// the wall clock is the instant plus a fixed offset, so each candidate edge
// maps to exactly one instant there; NextChange walks those candidates in
// order and returns the first whose window differs.
func (c *Calendar) NextChange(t time.Time) time.Time {
	if c == nil || len(c.Spans) == 0 {
		return time.Time{}
	}
	w0 := c.WindowAt(t)
	edges := c.edgeMinutes()
	limit := t.Add(changeHorizon)
	cur := t
	for cur.Before(limit) {
		lt := cur.In(c.loc())
		_, zoneEnd := lt.ZoneBounds()
		segEnd := limit
		if !zoneEnd.IsZero() && zoneEnd.Before(limit) {
			segEnd = zoneEnd
		}
		if at, ok := c.changeInSegment(t, cur, segEnd, lt, edges, w0); ok {
			return at
		}
		// The offset changes at segEnd: the wall clock jumps, which may
		// itself change the window.
		if segEnd.Before(limit) && c.WindowAt(segEnd) != w0 {
			return segEnd
		}
		cur = segEnd
	}
	return time.Time{}
}

// changeInSegment looks for the first edge in (t, segEnd) at or after cur
// whose window differs from w0; the zone offset is the one of lt throughout.
func (c *Calendar) changeInSegment(t, cur, segEnd, lt time.Time, edges []int, w0 Window) (time.Time, bool) {
	_, off := lt.Zone()
	offset := time.Duration(off) * time.Second
	// Civil dates as UTC midnights: plain day arithmetic, no DST.
	y, m, d := lt.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for ; ; day = day.AddDate(0, 0, 1) {
		if !day.Add(-offset).Before(segEnd) {
			return time.Time{}, false
		}
		for _, e := range edges {
			at := day.Add(time.Duration(e)*time.Minute - offset)
			if !at.After(t) || at.Before(cur) {
				continue
			}
			if !at.Before(segEnd) {
				return time.Time{}, false
			}
			if c.WindowAt(at) != w0 {
				return at, true
			}
		}
	}
}

// edgeMinutes returns the sorted, distinct minutes of the local day at which
// the window may change: midnight (holidays, weekdays) and every span edge.
func (c *Calendar) edgeMinutes() []int {
	set := map[int]bool{0: true}
	for _, s := range c.Spans {
		set[((s.StartMin%MinutesPerDay)+MinutesPerDay)%MinutesPerDay] = true
		set[((s.EndMin%MinutesPerDay)+MinutesPerDay)%MinutesPerDay] = true
	}
	out := make([]int, 0, len(set))
	for m := range set {
		out = append(out, m)
	}
	sort.Ints(out)
	return out
}

// Validate reports the first problem with the calendar: minutes out of
// range, a weekday out of range, or a holiday that is not "YYYY-MM-DD".
func (c *Calendar) Validate() error {
	for i, s := range c.Spans {
		if s.StartMin < 0 || s.StartMin >= MinutesPerDay {
			return fmt.Errorf("calendar %q: span %d: start %d is not a minute of the day", c.Name, i+1, s.StartMin)
		}
		if s.EndMin < 0 || s.EndMin > MinutesPerDay {
			return fmt.Errorf("calendar %q: span %d: end %d is not a minute of the day", c.Name, i+1, s.EndMin)
		}
		if len(s.Days) == 0 {
			return fmt.Errorf("calendar %q: span %d: no days", c.Name, i+1)
		}
		for _, d := range s.Days {
			if d < time.Sunday || d > time.Saturday {
				return fmt.Errorf("calendar %q: span %d: bad weekday %d", c.Name, i+1, d)
			}
		}
	}
	for _, h := range c.Holidays {
		if _, err := time.Parse(time.DateOnly, h); err != nil {
			return fmt.Errorf("calendar %q: holiday %q: want YYYY-MM-DD", c.Name, h)
		}
	}
	return nil
}
