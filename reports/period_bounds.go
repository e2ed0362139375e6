package reports

import (
	"fmt"
	"strings"
	"time"
)

// Review periods: a calendar month or quarter in a zone. The review of a
// month asked for (or fired by reports.monthly) on any day is the last
// complete one: the meeting reviews a closed period.

// PeriodBounds is a review's period and the start of the one before.
type PeriodBounds struct {
	From, To, PrevFrom time.Time
	Name               string // "November 2026", "Q3 2026"
}

// LastComplete returns the last complete month or quarter before at, in
// loc. kind is "month" or "quarter".
func LastComplete(kind string, at time.Time, loc *time.Location) (PeriodBounds, error) {
	if loc == nil {
		loc = time.UTC
	}
	t := at.In(loc)
	switch strings.ToLower(kind) {
	case "month":
		to := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
		from := to.AddDate(0, -1, 0)
		return PeriodBounds{From: from, To: to, PrevFrom: from.AddDate(0, -1, 0), Name: from.Format("January 2006")}, nil
	case "quarter":
		q := (int(t.Month()) - 1) / 3
		to := time.Date(t.Year(), time.Month(q*3+1), 1, 0, 0, 0, 0, loc)
		from := to.AddDate(0, -3, 0)
		return PeriodBounds{From: from, To: to, PrevFrom: from.AddDate(0, -3, 0),
			Name: fmt.Sprintf("Q%d %d", (int(from.Month())-1)/3+1, from.Year())}, nil
	}
	return PeriodBounds{}, fmt.Errorf("unknown review period %q: use month or quarter", kind)
}

// Between names the period [from, to) and its previous: the calendar month
// or quarter before when [from, to) is one (in from's zone), else the
// period of equal length just before.
func Between(from, to time.Time) (PeriodBounds, error) {
	if !from.Before(to) {
		return PeriodBounds{}, fmt.Errorf("the period ends (%s) before it starts (%s)", to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	first := from.Day() == 1 && from.Hour() == 0 && from.Minute() == 0 && from.Second() == 0
	switch {
	case first && to.Equal(from.AddDate(0, 1, 0)):
		return PeriodBounds{From: from, To: to, PrevFrom: from.AddDate(0, -1, 0), Name: from.Format("January 2006")}, nil
	case first && (from.Month()-1)%3 == 0 && to.Equal(from.AddDate(0, 3, 0)):
		return PeriodBounds{From: from, To: to, PrevFrom: from.AddDate(0, -3, 0),
			Name: fmt.Sprintf("Q%d %d", (int(from.Month())-1)/3+1, from.Year())}, nil
	}
	return PeriodBounds{From: from, To: to, PrevFrom: from.Add(-to.Sub(from)),
		Name: from.Format("2 Jan 2006") + " – " + to.Format("2 Jan 2006")}, nil
}

// ParseDay reads one end of a period as typed on a command line or in
// chat: a date (YYYY-MM-DD) in loc, or an RFC 3339 instant. A date that
// ends a period (end) means the end of that day: the last day is included,
// so --from 2026-10-01 --to 2026-12-31 is the fourth quarter. Every
// command that takes a period (tandem review, tandem evidence,
// /incident evidence) reads its dates here.
func ParseDay(s string, loc *time.Location, end bool) (time.Time, error) {
	if d, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	return time.Time{}, fmt.Errorf("%q is neither a date (2026-10-01) nor an RFC 3339 time (2026-10-01T00:00:00Z)", s)
}
