package reports_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/reports"
)

// The last complete month or quarter, in the zone asked: across a year's
// end and a DST change (Chicago leaves DST on 1 Nov 2026, so November is
// 30 days and an hour).
func TestLastCompleteMonthAndQuarter(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	day := func(s string) time.Time {
		d, err := time.ParseInLocation("2006-01-02", s, chicago)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		kind, at             string
		from, to, prev, name string
	}{
		{"month", "2026-12-06", "2026-11-01", "2026-12-01", "2026-10-01", "November 2026"},
		{"month", "2027-01-01", "2026-12-01", "2027-01-01", "2026-11-01", "December 2026"},
		{"quarter", "2026-12-06", "2026-07-01", "2026-10-01", "2026-04-01", "Q3 2026"},
		{"Quarter", "2027-02-15", "2026-10-01", "2027-01-01", "2026-07-01", "Q4 2026"},
	}
	for _, tt := range tests {
		b, err := reports.LastComplete(tt.kind, day(tt.at).Add(9*time.Hour), chicago)
		if err != nil || !b.From.Equal(day(tt.from)) || !b.To.Equal(day(tt.to)) || !b.PrevFrom.Equal(day(tt.prev)) || b.Name != tt.name {
			t.Errorf("%s at %s: %+v %v", tt.kind, tt.at, b, err)
		}
	}
	nov, _ := reports.LastComplete("month", day("2026-12-06"), chicago)
	if got := nov.To.Sub(nov.From); got != 30*24*time.Hour+time.Hour {
		t.Errorf("November in Chicago lasts %v", got)
	}
	if _, err := reports.LastComplete("year", day("2026-12-06"), chicago); err == nil || !strings.Contains(err.Error(), `unknown review period "year": use month or quarter`) {
		t.Errorf("year: %v", err)
	}
}

// Between: a calendar month or quarter is compared with the one before,
// other dates with the same length before; a backwards period is refused.
func TestBetweenNamesThePeriodAndItsPrevious(t *testing.T) {
	d := func(s string) time.Time { x, _ := time.Parse("2006-01-02", s); return x }
	for _, tt := range []struct{ from, to, prev, name string }{
		{"2026-03-01", "2026-04-01", "2026-02-01", "March 2026"},
		{"2026-10-01", "2027-01-01", "2026-07-01", "Q4 2026"},
		{"2026-11-10", "2026-11-24", "2026-10-27", "10 Nov 2026 – 24 Nov 2026"},
		{"2026-02-01", "2026-05-01", "2025-11-04", "1 Feb 2026 – 1 May 2026"}, // not a quarter: its 89 days (28+31+30) before
	} {
		b, err := reports.Between(d(tt.from), d(tt.to))
		if err != nil || !b.PrevFrom.Equal(d(tt.prev)) || b.Name != tt.name {
			t.Errorf("%s – %s: %+v %v", tt.from, tt.to, b, err)
		}
	}
	if _, err := reports.Between(d("2026-12-01"), d("2026-11-01")); err == nil {
		t.Error("a backwards period was accepted")
	}
}
