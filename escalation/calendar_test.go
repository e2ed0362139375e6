package escalation

import (
	"fmt"
	"testing"
	"time"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

// clock reads "HH:MM" into minutes since midnight (config parses the real
// thing; the calendar takes minutes).
func clock(t testing.TB, s string) int {
	t.Helper()
	var h, m int
	if n, err := fmt.Sscanf(s, "%d:%d", &h, &m); n != 2 || err != nil {
		t.Fatalf("clock %q: %v", s, err)
	}
	return h*60 + m
}

// chicagoOffice is DESIGN.md's "office" calendar: Mon–Fri 08:00–18:00,
// holidays Christmas 2026 and New Year 2027.
func chicagoOffice(t testing.TB) *Calendar {
	return &Calendar{
		Name:     "office",
		Location: mustLoad(t, "America/Chicago"),
		Spans:    []Span{{Days: weekdays, StartMin: clock(t, "08:00"), EndMin: clock(t, "18:00")}},
		Holidays: []string{"2026-12-25", "2027-01-01"},
	}
}

// withSundayNight adds a Sunday span around the zone's DST hour, so the
// transitions (all on Sundays) actually move the window.
func withSundayNight(c *Calendar, start, end int) *Calendar {
	c.Spans = append(c.Spans, Span{Days: []time.Weekday{time.Sunday}, StartMin: start, EndMin: end})
	return c
}

func londonOffice(t testing.TB) *Calendar {
	return &Calendar{
		Name:     "london",
		Location: mustLoad(t, "Europe/London"),
		Spans:    []Span{{Days: weekdays, StartMin: clock(t, "09:00"), EndMin: clock(t, "17:30")}},
		Holidays: []string{"2026-12-25"},
	}
}

func sydneyOffice(t testing.TB) *Calendar {
	return &Calendar{
		Name:     "sydney",
		Location: mustLoad(t, "Australia/Sydney"),
		Spans:    []Span{{Days: weekdays, StartMin: clock(t, "09:00"), EndMin: clock(t, "17:00")}},
		Holidays: []string{"2026-01-26"}, // Australia Day, a Monday
	}
}

// chicagoNight has a midnight-crossing span (Mon 22:00 → Tue 06:00) and a
// span ending at 24:00, and two holidays placed to show the holiday rule:
// Tue 2026-03-17 (the morning part of Monday's span is cut) and Mon
// 2026-03-23 (the span starting on the holiday is cut until midnight, its
// Tuesday morning part is business hours).
func chicagoNight(t testing.TB) *Calendar {
	return &Calendar{
		Name:     "night",
		Location: mustLoad(t, "America/Chicago"),
		Spans: []Span{
			{Days: []time.Weekday{time.Monday}, StartMin: clock(t, "22:00"), EndMin: clock(t, "06:00")},
			{Days: []time.Weekday{time.Saturday}, StartMin: clock(t, "20:00"), EndMin: clock(t, "24:00")},
		},
		Holidays: []string{"2026-03-17", "2026-03-23"},
	}
}

type windowCase struct {
	name  string
	at    time.Time // UTC, worked out by hand from the local reading below
	local string    // the local wall clock, checked so the UTC sums are right
	want  Window
}

func utc(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, time.UTC)
}

func runWindowCases(t *testing.T, cal *Calendar, cases []windowCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.at.In(cal.Location).Format("Mon 2006-01-02 15:04 MST"); got != tc.local {
				t.Fatalf("test instant %s reads %q locally, the case says %q", tc.at, got, tc.local)
			}
			if got := cal.WindowAt(tc.at); got != tc.want {
				t.Errorf("WindowAt(%s) = %s, want %s", tc.local, got, tc.want)
			}
		})
	}
}

func TestWindowAtChicago(t *testing.T) {
	runWindowCases(t, chicagoOffice(t), []windowCase{
		// CDT is UTC-5 from 2026-03-08, CST UTC-6 before and after 11-01.
		{"weekday morning", utc(2026, 3, 10, 15, 0), "Tue 2026-03-10 10:00 CDT", BusinessHours},
		{"weekday 17:59", utc(2026, 3, 10, 22, 59), "Tue 2026-03-10 17:59 CDT", BusinessHours},
		{"weekday 18:00 ends", utc(2026, 3, 10, 23, 0), "Tue 2026-03-10 18:00 CDT", AfterHours},
		{"weekday evening 18:10", utc(2026, 3, 10, 23, 10), "Tue 2026-03-10 18:10 CDT", AfterHours},
		{"weekday 07:59", utc(2026, 3, 11, 12, 59), "Wed 2026-03-11 07:59 CDT", AfterHours},
		{"weekday 08:00 starts", utc(2026, 3, 11, 13, 0), "Wed 2026-03-11 08:00 CDT", BusinessHours},
		{"saturday night", utc(2026, 3, 14, 8, 0), "Sat 2026-03-14 03:00 CDT", AfterHours},
		{"saturday noon", utc(2026, 3, 14, 17, 0), "Sat 2026-03-14 12:00 CDT", AfterHours},
		{"holiday christmas", utc(2026, 12, 25, 16, 0), "Fri 2026-12-25 10:00 CST", AfterHours},
		{"day before holiday", utc(2026, 12, 24, 16, 0), "Thu 2026-12-24 10:00 CST", BusinessHours},
		{"holiday new year", utc(2027, 1, 1, 18, 0), "Fri 2027-01-01 12:00 CST", AfterHours},
		// The Monday after spring-forward: 08:00 is now 13:00Z, not 14:00Z.
		{"friday before DST 08:00", utc(2026, 3, 6, 14, 0), "Fri 2026-03-06 08:00 CST", BusinessHours},
		{"friday before DST 07:59", utc(2026, 3, 6, 13, 59), "Fri 2026-03-06 07:59 CST", AfterHours},
		{"monday after DST 07:59", utc(2026, 3, 9, 12, 59), "Mon 2026-03-09 07:59 CDT", AfterHours},
		{"monday after DST 08:00", utc(2026, 3, 9, 13, 0), "Mon 2026-03-09 08:00 CDT", BusinessHours},
		{"monday after fall-back 08:00", utc(2026, 11, 2, 14, 0), "Mon 2026-11-02 08:00 CST", BusinessHours},
		{"monday after fall-back 07:59", utc(2026, 11, 2, 13, 59), "Mon 2026-11-02 07:59 CST", AfterHours},
	})
}

// US DST: 2026-03-08 and 2027-03-14 02:00 CST → 03:00 CDT (08:00Z);
// 2026-11-01 and 2027-11-07 02:00 CDT → 01:00 CST (07:00Z), so 01:00–01:59
// happens twice. The Sunday span 01:30–02:30 straddles both.
func TestWindowAtChicagoDST(t *testing.T) {
	cal := withSundayNight(chicagoOffice(t), clock(t, "01:30"), clock(t, "02:30"))
	runWindowCases(t, cal, []windowCase{
		{"2026 spring 01:15", utc(2026, 3, 8, 7, 15), "Sun 2026-03-08 01:15 CST", AfterHours},
		{"2026 spring just before", utc(2026, 3, 8, 7, 59), "Sun 2026-03-08 01:59 CST", BusinessHours},
		// The clock jumps from 01:59:59 to 03:00: 02:00–02:59 never happens,
		// and 03:00 is past the span's 02:30 end.
		{"2026 spring just after", utc(2026, 3, 8, 8, 0), "Sun 2026-03-08 03:00 CDT", AfterHours},
		{"2026 fall 01:15 first", utc(2026, 11, 1, 6, 15), "Sun 2026-11-01 01:15 CDT", AfterHours},
		{"2026 fall 01:45 first", utc(2026, 11, 1, 6, 45), "Sun 2026-11-01 01:45 CDT", BusinessHours},
		{"2026 fall just before", utc(2026, 11, 1, 6, 59), "Sun 2026-11-01 01:59 CDT", BusinessHours},
		// Back to 01:00: before the 01:30 span start again.
		{"2026 fall just after", utc(2026, 11, 1, 7, 0), "Sun 2026-11-01 01:00 CST", AfterHours},
		{"2026 fall 01:15 second", utc(2026, 11, 1, 7, 15), "Sun 2026-11-01 01:15 CST", AfterHours},
		{"2026 fall 01:45 second", utc(2026, 11, 1, 7, 45), "Sun 2026-11-01 01:45 CST", BusinessHours},
		{"2026 fall 02:15", utc(2026, 11, 1, 8, 15), "Sun 2026-11-01 02:15 CST", BusinessHours},
		{"2026 fall 02:30", utc(2026, 11, 1, 8, 30), "Sun 2026-11-01 02:30 CST", AfterHours},
		{"2027 spring just before", utc(2027, 3, 14, 7, 59), "Sun 2027-03-14 01:59 CST", BusinessHours},
		{"2027 spring just after", utc(2027, 3, 14, 8, 0), "Sun 2027-03-14 03:00 CDT", AfterHours},
		{"2027 fall 01:45 first", utc(2027, 11, 7, 6, 45), "Sun 2027-11-07 01:45 CDT", BusinessHours},
		{"2027 fall just after", utc(2027, 11, 7, 7, 0), "Sun 2027-11-07 01:00 CST", AfterHours},
		{"2027 fall 01:45 second", utc(2027, 11, 7, 7, 45), "Sun 2027-11-07 01:45 CST", BusinessHours},
	})
}

func TestWindowAtLondon(t *testing.T) {
	runWindowCases(t, londonOffice(t), []windowCase{
		{"weekday 09:00 BST", utc(2026, 6, 10, 8, 0), "Wed 2026-06-10 09:00 BST", BusinessHours},
		{"weekday 08:59 BST", utc(2026, 6, 10, 7, 59), "Wed 2026-06-10 08:59 BST", AfterHours},
		{"weekday 17:29", utc(2026, 6, 10, 16, 29), "Wed 2026-06-10 17:29 BST", BusinessHours},
		{"weekday 17:30 ends", utc(2026, 6, 10, 16, 30), "Wed 2026-06-10 17:30 BST", AfterHours},
		{"winter evening", utc(2026, 1, 13, 20, 0), "Tue 2026-01-13 20:00 GMT", AfterHours},
		{"winter 09:00", utc(2026, 1, 13, 9, 0), "Tue 2026-01-13 09:00 GMT", BusinessHours},
		{"sunday", utc(2026, 6, 14, 11, 0), "Sun 2026-06-14 12:00 BST", AfterHours},
		{"holiday", utc(2026, 12, 25, 12, 0), "Fri 2026-12-25 12:00 GMT", AfterHours},
		{"day before holiday", utc(2026, 12, 24, 12, 0), "Thu 2026-12-24 12:00 GMT", BusinessHours},
	})
}

// UK DST: 2026-03-29 and 2027-03-28 01:00 GMT → 02:00 BST (01:00Z);
// 2026-10-25 and 2027-10-31 02:00 BST → 01:00 GMT (01:00Z).
func TestWindowAtLondonDST(t *testing.T) {
	cal := withSundayNight(londonOffice(t), clock(t, "01:30"), clock(t, "02:30"))
	runWindowCases(t, cal, []windowCase{
		{"2026 spring just before", utc(2026, 3, 29, 0, 59), "Sun 2026-03-29 00:59 GMT", AfterHours},
		// 01:00–01:59 never happens; the clock lands at 02:00, inside the span.
		{"2026 spring just after", utc(2026, 3, 29, 1, 0), "Sun 2026-03-29 02:00 BST", BusinessHours},
		{"2026 spring 02:29", utc(2026, 3, 29, 1, 29), "Sun 2026-03-29 02:29 BST", BusinessHours},
		{"2026 spring 02:30", utc(2026, 3, 29, 1, 30), "Sun 2026-03-29 02:30 BST", AfterHours},
		{"2026 fall 01:15 first", utc(2026, 10, 25, 0, 15), "Sun 2026-10-25 01:15 BST", AfterHours},
		{"2026 fall 01:45 first", utc(2026, 10, 25, 0, 45), "Sun 2026-10-25 01:45 BST", BusinessHours},
		{"2026 fall just before", utc(2026, 10, 25, 0, 59), "Sun 2026-10-25 01:59 BST", BusinessHours},
		{"2026 fall just after", utc(2026, 10, 25, 1, 0), "Sun 2026-10-25 01:00 GMT", AfterHours},
		{"2026 fall 01:45 second", utc(2026, 10, 25, 1, 45), "Sun 2026-10-25 01:45 GMT", BusinessHours},
		{"2026 fall 02:30", utc(2026, 10, 25, 2, 30), "Sun 2026-10-25 02:30 GMT", AfterHours},
		{"2027 spring just before", utc(2027, 3, 28, 0, 59), "Sun 2027-03-28 00:59 GMT", AfterHours},
		{"2027 spring just after", utc(2027, 3, 28, 1, 0), "Sun 2027-03-28 02:00 BST", BusinessHours},
		{"2027 fall 01:45 first", utc(2027, 10, 31, 0, 45), "Sun 2027-10-31 01:45 BST", BusinessHours},
		{"2027 fall just after", utc(2027, 10, 31, 1, 0), "Sun 2027-10-31 01:00 GMT", AfterHours},
		{"2027 fall 01:45 second", utc(2027, 10, 31, 1, 45), "Sun 2027-10-31 01:45 GMT", BusinessHours},
	})
}

func TestWindowAtSydney(t *testing.T) {
	runWindowCases(t, sydneyOffice(t), []windowCase{
		// January is summer: AEDT, UTC+11, so the local morning is the
		// previous UTC day.
		{"weekday morning", utc(2026, 1, 26, 23, 0), "Tue 2026-01-27 10:00 AEDT", BusinessHours},
		{"weekday 16:59", utc(2026, 1, 27, 5, 59), "Tue 2026-01-27 16:59 AEDT", BusinessHours},
		{"weekday evening", utc(2026, 1, 27, 6, 0), "Tue 2026-01-27 17:00 AEDT", AfterHours},
		{"saturday", utc(2026, 1, 30, 23, 0), "Sat 2026-01-31 10:00 AEDT", AfterHours},
		{"holiday australia day", utc(2026, 1, 25, 23, 0), "Mon 2026-01-26 10:00 AEDT", AfterHours},
		{"winter weekday", utc(2026, 6, 9, 23, 0), "Wed 2026-06-10 09:00 AEST", BusinessHours},
	})
}

// Sydney DST ends 2026-04-05 and 2027-04-04 at 03:00 AEDT → 02:00 AEST
// (16:00Z the day before), so 02:00–02:59 happens twice; it starts
// 2026-10-04 and 2027-10-03 at 02:00 AEST → 03:00 AEDT (16:00Z the day
// before). The Sunday span 02:30–03:30 straddles both.
func TestWindowAtSydneyDST(t *testing.T) {
	cal := withSundayNight(sydneyOffice(t), clock(t, "02:30"), clock(t, "03:30"))
	runWindowCases(t, cal, []windowCase{
		{"2026 end 02:15 first", utc(2026, 4, 4, 15, 15), "Sun 2026-04-05 02:15 AEDT", AfterHours},
		{"2026 end 02:45 first", utc(2026, 4, 4, 15, 45), "Sun 2026-04-05 02:45 AEDT", BusinessHours},
		{"2026 end just before", utc(2026, 4, 4, 15, 59), "Sun 2026-04-05 02:59 AEDT", BusinessHours},
		{"2026 end just after", utc(2026, 4, 4, 16, 0), "Sun 2026-04-05 02:00 AEST", AfterHours},
		{"2026 end 02:45 second", utc(2026, 4, 4, 16, 45), "Sun 2026-04-05 02:45 AEST", BusinessHours},
		{"2026 end 03:15", utc(2026, 4, 4, 17, 15), "Sun 2026-04-05 03:15 AEST", BusinessHours},
		{"2026 end 03:30", utc(2026, 4, 4, 17, 30), "Sun 2026-04-05 03:30 AEST", AfterHours},
		{"2026 start just before", utc(2026, 10, 3, 15, 59), "Sun 2026-10-04 01:59 AEST", AfterHours},
		// 02:00–02:59 never happens; the clock lands at 03:00, in the span.
		{"2026 start just after", utc(2026, 10, 3, 16, 0), "Sun 2026-10-04 03:00 AEDT", BusinessHours},
		{"2026 start 03:30", utc(2026, 10, 3, 16, 30), "Sun 2026-10-04 03:30 AEDT", AfterHours},
		{"2027 end 02:45 first", utc(2027, 4, 3, 15, 45), "Sun 2027-04-04 02:45 AEDT", BusinessHours},
		{"2027 end just after", utc(2027, 4, 3, 16, 0), "Sun 2027-04-04 02:00 AEST", AfterHours},
		{"2027 end 02:45 second", utc(2027, 4, 3, 16, 45), "Sun 2027-04-04 02:45 AEST", BusinessHours},
		{"2027 start just before", utc(2027, 10, 2, 15, 59), "Sun 2027-10-03 01:59 AEST", AfterHours},
		{"2027 start just after", utc(2027, 10, 2, 16, 0), "Sun 2027-10-03 03:00 AEDT", BusinessHours},
	})
}

func TestWindowAtMidnightCrossing(t *testing.T) {
	runWindowCases(t, chicagoNight(t), []windowCase{
		{"monday 21:59", utc(2026, 3, 10, 2, 59), "Mon 2026-03-09 21:59 CDT", AfterHours},
		{"monday 22:00", utc(2026, 3, 10, 3, 0), "Mon 2026-03-09 22:00 CDT", BusinessHours},
		{"tuesday 05:59 (monday's span)", utc(2026, 3, 10, 10, 59), "Tue 2026-03-10 05:59 CDT", BusinessHours},
		{"tuesday 06:00", utc(2026, 3, 10, 11, 0), "Tue 2026-03-10 06:00 CDT", AfterHours},
		{"sunday 23:00 not listed", utc(2026, 3, 16, 4, 0), "Sun 2026-03-15 23:00 CDT", AfterHours},
		{"monday 03:00 (sunday not listed)", utc(2026, 3, 16, 8, 0), "Mon 2026-03-16 03:00 CDT", AfterHours},
		{"monday 23:00 before holiday", utc(2026, 3, 17, 4, 0), "Mon 2026-03-16 23:00 CDT", BusinessHours},
		// Tuesday 03-17 is a holiday: the morning part of Monday's span is cut.
		{"holiday tuesday 02:00", utc(2026, 3, 17, 7, 0), "Tue 2026-03-17 02:00 CDT", AfterHours},
		// Monday 03-23 is a holiday: its evening is after hours, but the
		// morning part on the ordinary Tuesday is business hours.
		{"holiday monday 23:00", utc(2026, 3, 24, 4, 0), "Mon 2026-03-23 23:00 CDT", AfterHours},
		{"tuesday after holiday 02:00", utc(2026, 3, 24, 7, 0), "Tue 2026-03-24 02:00 CDT", BusinessHours},
		{"saturday 23:59 (24:00 end)", utc(2026, 3, 15, 4, 59), "Sat 2026-03-14 23:59 CDT", BusinessHours},
		{"sunday 00:00", utc(2026, 3, 15, 5, 0), "Sun 2026-03-15 00:00 CDT", AfterHours},
	})
}

func TestWindowAtEdgeCases(t *testing.T) {
	at := utc(2026, 3, 10, 15, 0)
	var nilCal *Calendar
	if got := nilCal.WindowAt(at); got != AfterHours {
		t.Errorf("nil calendar: %s, want after_hours", got)
	}
	if got := (&Calendar{}).WindowAt(at); got != AfterHours {
		t.Errorf("calendar without spans: %s, want after_hours", got)
	}
	// A nil Location is UTC.
	c := &Calendar{Spans: []Span{{Days: weekdays, StartMin: 9 * 60, EndMin: 17 * 60}}}
	if got := c.WindowAt(at); got != BusinessHours {
		t.Errorf("UTC Tue 15:00: %s, want business_hours", got)
	}
	// 17:59:59.999 is still inside a span ending at 18:00.
	office := chicagoOffice(t)
	if got := office.WindowAt(utc(2026, 3, 10, 23, 0).Add(-time.Millisecond)); got != BusinessHours {
		t.Errorf("17:59:59.999: %s, want business_hours", got)
	}
	// Etc/GMT+5 is UTC-5 all year (the sign is POSIX-inverted).
	gmt5 := &Calendar{Location: mustLoad(t, "Etc/GMT+5"), Spans: []Span{{Days: weekdays, StartMin: 8 * 60, EndMin: 18 * 60}}}
	if got := gmt5.WindowAt(utc(2026, 3, 10, 13, 0)); got != BusinessHours {
		t.Errorf("Etc/GMT+5 08:00: %s", got)
	}
	if got := gmt5.WindowAt(utc(2026, 3, 10, 12, 59)); got != AfterHours {
		t.Errorf("Etc/GMT+5 07:59: %s", got)
	}
}

func TestIsHoliday(t *testing.T) {
	c := sydneyOffice(t)
	// 2026-01-25 13:00Z is already Monday 26 January in Sydney (00:00 AEDT).
	if !c.IsHoliday(utc(2026, 1, 25, 13, 0)) {
		t.Error("Sydney 2026-01-26 00:00 local should be a holiday")
	}
	if c.IsHoliday(utc(2026, 1, 25, 12, 59)) {
		t.Error("Sydney 2026-01-25 23:59 local should not be a holiday")
	}
	if c.IsHoliday(utc(2026, 1, 26, 13, 0)) {
		t.Error("Sydney 2026-01-27 00:00 local should not be a holiday")
	}
}

func TestNextChange(t *testing.T) {
	office := chicagoOffice(t)
	chiDST := withSundayNight(chicagoOffice(t), clock(t, "01:30"), clock(t, "02:30"))
	london := withSundayNight(londonOffice(t), clock(t, "01:30"), clock(t, "02:30"))
	sydney := withSundayNight(sydneyOffice(t), clock(t, "02:30"), clock(t, "03:30"))
	allWeek := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	always := &Calendar{Location: mustLoad(t, "America/Chicago"), Spans: []Span{{Days: allWeek, StartMin: 0, EndMin: 1440}}}
	alwaysButXmas := &Calendar{Location: always.Location, Spans: always.Spans, Holidays: []string{"2026-12-25"}}
	cases := []struct {
		name     string
		cal      *Calendar
		from     time.Time
		want     time.Time
		wantNote string
	}{
		{"17:55 → 18:00", office, utc(2026, 3, 10, 22, 55), utc(2026, 3, 10, 23, 0), "Tue 18:00 CDT"},
		// Friday evening CST to Monday 08:00 CDT: 13:00Z, not 14:00Z.
		{"weekend across spring DST", office, utc(2026, 3, 7, 0, 30), utc(2026, 3, 9, 13, 0), "Mon 2026-03-09 08:00 CDT"},
		{"day before christmas", office, utc(2026, 12, 24, 18, 0), utc(2026, 12, 25, 0, 0), "Thu 18:00 CST"},
		// Friday is the holiday, then the weekend: Monday 28th 08:00 CST.
		{"over christmas", office, utc(2026, 12, 25, 0, 0), utc(2026, 12, 28, 14, 0), "Mon 2026-12-28 08:00 CST"},
		// In the span at 01:45 CST; the jump to 03:00 CDT leaves it.
		{"chicago spring jump", chiDST, utc(2026, 3, 8, 7, 45), utc(2026, 3, 8, 8, 0), "03:00 CDT"},
		// In the span at 01:45 CDT; the clock going back to 01:00 CST leaves
		// it, 01:30 CST re-enters, 02:30 CST leaves for good.
		{"chicago fall back leaves", chiDST, utc(2026, 11, 1, 6, 45), utc(2026, 11, 1, 7, 0), "01:00 CST"},
		{"chicago fall back re-enters", chiDST, utc(2026, 11, 1, 7, 0), utc(2026, 11, 1, 7, 30), "01:30 CST"},
		{"chicago fall back leaves again", chiDST, utc(2026, 11, 1, 7, 30), utc(2026, 11, 1, 8, 30), "02:30 CST"},
		{"london spring jump enters", london, utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1, 0), "02:00 BST"},
		{"london fall back leaves", london, utc(2027, 10, 31, 0, 45), utc(2027, 10, 31, 1, 0), "01:00 GMT"},
		{"sydney end leaves", sydney, utc(2026, 4, 4, 15, 45), utc(2026, 4, 4, 16, 0), "02:00 AEST"},
		{"sydney end re-enters", sydney, utc(2026, 4, 4, 16, 0), utc(2026, 4, 4, 16, 30), "02:30 AEST"},
		{"sydney start jump enters", sydney, utc(2027, 10, 2, 15, 30), utc(2027, 10, 2, 16, 0), "03:00 AEDT"},
		{"night span to holiday midnight", chicagoNight(t), utc(2026, 3, 17, 4, 0), utc(2026, 3, 17, 5, 0), "Tue 00:00 CDT"},
		{"always open never changes", always, utc(2026, 3, 10, 15, 0), time.Time{}, "zero"},
		{"no spans never changes", &Calendar{}, utc(2026, 3, 10, 15, 0), time.Time{}, "zero"},
		{"24/7 but a holiday", alwaysButXmas, utc(2026, 12, 1, 15, 0), utc(2026, 12, 25, 6, 0), "Fri 2026-12-25 00:00 CST"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.cal.NextChange(tc.from)
			if !got.Equal(tc.want) {
				t.Errorf("NextChange(%s) = %s, want %s (%s)", tc.from, got, tc.want, tc.wantNote)
			}
		})
	}
}

func TestCalendarValidate(t *testing.T) {
	if err := chicagoOffice(t).Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []*Calendar{
		{Spans: []Span{{Days: weekdays, StartMin: -1, EndMin: 60}}},
		{Spans: []Span{{Days: weekdays, StartMin: 0, EndMin: 1441}}},
		{Spans: []Span{{StartMin: 0, EndMin: 60}}},
		{Spans: []Span{{Days: []time.Weekday{7}, StartMin: 0, EndMin: 60}}},
		{Holidays: []string{"2026-13-01"}},
	}
	for i, c := range bad {
		if c.Validate() == nil {
			t.Errorf("case %d: want an error", i)
		}
	}
}

func BenchmarkWindowAt(b *testing.B) {
	cal := chicagoOffice(b)
	start := utc(2026, 3, 1, 0, 0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = cal.WindowAt(start.Add(time.Duration(i%10000) * 7 * time.Minute))
	}
}

func BenchmarkNextChange(b *testing.B) {
	cal := chicagoOffice(b)
	start := utc(2026, 3, 1, 0, 0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = cal.NextChange(start.Add(time.Duration(i%10000) * 7 * time.Minute))
	}
}
