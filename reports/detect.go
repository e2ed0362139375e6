package reports

import (
	"time"

	"github.com/tandemhq/tandem/incident"
)

// timings collects time to detect and to first page over a period's
// incidents.
type timings struct {
	detect, firstAll []time.Duration
	first            map[string][]time.Duration
}

// add counts inc as of asOf: a page after asOf has not happened yet.
func (t *timings) add(inc incident.Incident, asOf time.Time) {
	if d, ok := inc.TimeToDetect(); ok {
		t.detect = append(t.detect, d)
	}
	var first time.Duration
	paged := false
	for side, at := range inc.PagedAt {
		if at.After(asOf) {
			continue
		}
		d := at.Sub(inc.OpenedAt)
		if t.first == nil {
			t.first = map[string][]time.Duration{}
		}
		t.first[side] = append(t.first[side], d)
		if !paged || d < first {
			first, paged = d, true
		}
	}
	if paged {
		t.firstAll = append(t.firstAll, first)
	}
}

func (t *timings) fill(r *Report) {
	r.Detect, r.FirstPageAll = NewStats(t.detect), NewStats(t.firstAll)
	for side, v := range t.first {
		if r.FirstPage == nil {
			r.FirstPage = map[string]Stats{}
		}
		r.FirstPage[side] = NewStats(v)
	}
}

// availability computes each configured service's availability over the
// report's period, from every incident handed in (those opened before the
// period too, which may still be open in it).
func (r *Report) availability(incs []incident.Incident, rules Rules) {
	for _, rule := range rules.Services {
		r.Availability = append(r.Availability, ServiceAvailability(rule, incs, rules.Windows, r.From, r.To))
	}
}

// WithPrevious computes the report of [from, to) and, as its Previous, the
// report of the period of equal length just before, for the trends. incs
// should reach back two periods before to, so that outages opened before
// either period are counted in its availability.
func WithPrevious(incs []incident.Incident, from, to time.Time, rules Rules) Report {
	prev := Compute(incs, from.Add(-to.Sub(from)), from, rules)
	r := Compute(incs, from, to, rules)
	r.Previous = &prev
	return r
}
