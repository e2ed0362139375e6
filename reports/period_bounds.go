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
