package reports

import (
	"cmp"
	"slices"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// ServiceRule is what one service's availability needs: the severities
// whose open incidents count as the service being down, and its target in
// percent (0: none).
type ServiceRule struct {
	Service string
	Outage  []incident.Severity
	Target  float64
}

// Availability is one service's availability over a period.
// docs/metrics.md defines each figure.
type Availability struct {
	Service string
	Period  time.Duration // the period's length
	// Unplanned is the time an outage incident of the service was open
	// outside its maintenance windows (overlapping incidents counted once);
	// Planned the time its maintenance windows ran.
	Unplanned, Planned time.Duration
	Percent            float64 // 100 × (Period − Unplanned) / Period
	Target             float64 // percent; 0: none
}

// Met reports whether the availability reached its target (true when
// there is none).
func (a Availability) Met() bool { return a.Target == 0 || a.Percent >= a.Target }

// Span is a stretch of time, From included, To not.
type Span struct{ From, To time.Time }

// ServiceAvailability computes rule's service's availability over
// [from, to), as of to: an incident not resolved by to is open until to.
// Incidents of other services or severities, and windows of other services,
// are left out; any incident may be passed, opened before the period or in it.
func ServiceAvailability(rule ServiceRule, incs []incident.Incident, windows []incident.Window, from, to time.Time) Availability {
	var down, planned []Span
	for _, inc := range incs {
		if inc.Service != rule.Service || !slices.Contains(rule.Outage, inc.Severity) || !inc.OpenedAt.Before(to) {
			continue
		}
		end := to
		if !inc.ResolvedAt.IsZero() && inc.ResolvedAt.Before(to) {
			end = inc.ResolvedAt
		}
		down = append(down, Span{inc.OpenedAt, end})
	}
	for _, w := range windows {
		if slices.Contains(w.Services, rule.Service) {
			planned = append(planned, Span{w.Start, w.Until()})
		}
	}
	down, planned = merge(down, from, to), merge(planned, from, to)
	a := Availability{Service: rule.Service, Period: to.Sub(from), Target: rule.Target, Planned: total(planned)}
	a.Unplanned = total(down) - overlap(down, planned)
	a.Percent = 100
	if a.Period > 0 {
		a.Percent = 100 * float64(a.Period-a.Unplanned) / float64(a.Period)
	}
	return a
}

// merge clips spans to [from, to) and joins those that overlap or touch,
// in time order.
func merge(spans []Span, from, to time.Time) []Span {
	var out []Span
	for _, s := range spans {
		s.From, s.To = Latest(s.From, from), Earliest(s.To, to)
		if s.From.Before(s.To) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b Span) int { return cmp.Or(a.From.Compare(b.From), a.To.Compare(b.To)) })
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && !s.From.After(merged[n-1].To) {
			merged[n-1].To = Latest(merged[n-1].To, s.To)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

func total(spans []Span) time.Duration {
	var d time.Duration
	for _, s := range spans {
		d += s.To.Sub(s.From)
	}
	return d
}

// overlap is the time two merged, ordered lists of spans share.
func overlap(a, b []Span) time.Duration {
	var d time.Duration
	for i, j := 0, 0; i < len(a) && j < len(b); {
		from, to := Latest(a[i].From, b[j].From), Earliest(a[i].To, b[j].To)
		if from.Before(to) {
			d += to.Sub(from)
		}
		if a[i].To.Before(b[j].To) {
			i++
		} else {
			j++
		}
	}
	return d
}

// Latest is the later of a and b.
func Latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Earliest is the earlier of a and b.
func Earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
