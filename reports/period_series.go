package reports

import (
	"time"

	"github.com/tandemhq/tandem/incident"
)

// The review's series, drawn as charts (period_charts.go): time to
// acknowledge and resolve by side week by week, and the incidents by hour
// of day and side.

// Week is one week of the period (the last may be shorter): the median
// time to acknowledge and to resolve by side bucket, of the incidents
// opened in it.
type Week struct {
	From, To     time.Time
	Ack, Resolve map[string]Stats
	Incidents    int
}

// weeks splits [from, to) into weeks from from and computes each.
func weeks(incs []incident.Incident, from, to time.Time, rules Rules) []Week {
	rules.Services = nil // availability is not drawn by week
	var out []Week
	for start := from; start.Before(to); start = start.AddDate(0, 0, 7) {
		end := Earliest(start.AddDate(0, 0, 7), to)
		r := Compute(incs, start, end, rules)
		out = append(out, Week{From: start, To: end, Ack: r.Ack, Resolve: r.Resolve, Incidents: r.Total})
	}
	return out
}

// HourSides counts the period's incidents by the hour of day they opened
// (in the review's zone) and the side paged first: internal, msp, managers,
// or none when nobody was paged.
type HourSides [24]map[string]int

func hourSides(incs []incident.Incident, from, to time.Time, loc *time.Location) HourSides {
	var h HourSides
	for i := range h {
		h[i] = map[string]int{}
	}
	for _, inc := range incs {
		if inc.OpenedAt.Before(from) || !inc.OpenedAt.Before(to) {
			continue
		}
		h[inc.OpenedAt.In(loc).Hour()][firstPagedSide(inc, to)]++
	}
	return h
}

// firstPagedSide is the side bucket paged first by asOf (ties: internal
// before msp before managers), "none" when nobody was.
func firstPagedSide(inc incident.Incident, asOf time.Time) string {
	side, first := BucketNone, time.Time{}
	for _, b := range []string{BucketInternal, BucketMSP, BucketManagers} {
		at, ok := inc.PagedAt[b]
		if ok && !at.After(asOf) && (first.IsZero() || at.Before(first)) {
			side, first = b, at
		}
	}
	return side
}
