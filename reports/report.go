package reports

import (
	"cmp"
	"slices"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
)

// Side buckets of the report: which side a figure belongs to. A person
// configured as a manager has no side; "none" is where nobody acted (an
// incident auto-resolved before anyone acknowledged it).
const (
	BucketInternal = "internal"
	BucketMSP      = "msp"
	BucketManagers = "managers"
	BucketNone     = "none"
)

// Buckets lists the side buckets in report order.
var Buckets = []string{BucketInternal, BucketMSP, BucketManagers, BucketNone}

// Rules is what the report needs besides the incidents: SLA targets,
// the calendar of each incident's ladder, and the side of each team.
type Rules struct {
	SLA      map[incident.Severity]SLA
	Calendar func(incident.Incident) *escalation.Calendar
	TeamSide func(team string) incident.Side
	// Services are the services whose availability the report shows, in
	// config order; Windows the maintenance windows (planned outage).
	Services []ServiceRule
	Windows  []incident.Window
}

// SLA is the target time to acknowledge and to resolve for one severity.
type SLA struct{ Ack, Resolve time.Duration }

// Report holds the figures of one period. docs/metrics.md defines each.
type Report struct {
	From, To   time.Time
	Total      int
	StillOpen  int // not resolved at To
	BySeverity map[incident.Severity]int
	ByService  []NamedCount // most incidents first
	// Ack and Resolve are time to acknowledge and to resolve by side
	// bucket; AckAll and ResolveAll are over every side.
	Ack, Resolve       map[string]Stats
	AckAll, ResolveAll Stats
	// SLA is met/of per severity and side bucket, for the ack and the
	// resolve targets; pending incidents are in neither count.
	SLAAck, SLAResolve map[SLAKey]Ratio
	ReachedMSP         int // incidents on which an MSP team was paged
	ReachedMSPAfter    int // of those, opened after hours
	AfterHours         int // opened after hours (holidays included)
	Holidays           int // opened on a holiday
	Slowest            []Slow
	// Detect is time to detect, over the incidents whose alerts said when
	// they started; FirstPage is time to first page by the side paged, and
	// FirstPageAll to the first page of any side (detect.go).
	Detect       Stats
	FirstPage    map[string]Stats
	FirstPageAll Stats
	// Availability is per service of Rules.Services, in their order.
	Availability []Availability
	// Previous is the period of equal length before, when computed
	// (WithPrevious), for the trends.
	Previous *Report
}

// NamedCount is a count with its name.
type NamedCount struct {
	Name  string
	Count int
}

// SLAKey names one SLA row.
type SLAKey struct {
	Severity incident.Severity
	Bucket   string
}

// Slow is one of the slowest incidents: its time to resolve, or its age at
// the end of the period when it is still open.
type Slow struct {
	Incident incident.Incident
	Took     time.Duration
	Open     bool
}

// slowestCount is how many of the slowest incidents the report lists.
const slowestCount = 5

// Compute computes the figures of incidents opened in [from, to),
// as of to: an acknowledgement or resolution after to has not happened yet.
// Incidents opened outside the period are ignored.
func Compute(incs []incident.Incident, from, to time.Time, rules Rules) Report {
	r := Report{From: from, To: to, BySeverity: map[incident.Severity]int{},
		Ack: map[string]Stats{}, Resolve: map[string]Stats{},
		SLAAck: map[SLAKey]Ratio{}, SLAResolve: map[SLAKey]Ratio{}}
	ack, res := map[string][]time.Duration{}, map[string][]time.Duration{}
	var ackAll, resAll []time.Duration
	var t timings
	services := map[string]int{}
	for _, inc := range incs {
		if inc.OpenedAt.Before(from) || !inc.OpenedAt.Before(to) {
			continue
		}
		f := factsOf(inc, to)
		t.add(inc, to)
		r.Total++
		r.BySeverity[inc.Severity]++
		services[inc.Service]++
		if f.acked {
			ack[f.ackSide] = append(ack[f.ackSide], f.tta)
			ackAll = append(ackAll, f.tta)
		}
		if f.resolved {
			res[f.holderSide] = append(res[f.holderSide], f.ttr)
			resAll = append(resAll, f.ttr)
		} else {
			r.StillOpen++
		}
		r.countSLA(inc, f, rules.SLA[inc.Severity])
		r.countWindows(inc, rules)
		r.Slowest = append(r.Slowest, Slow{Incident: inc, Took: f.ttr, Open: !f.resolved})
	}
	for b, v := range ack {
		r.Ack[b] = NewStats(v)
	}
	for b, v := range res {
		r.Resolve[b] = NewStats(v)
	}
	r.AckAll, r.ResolveAll = NewStats(ackAll), NewStats(resAll)
	t.fill(&r)
	r.availability(incs, rules)
	r.ByService = sortedCounts(services)
	r.Slowest = slowest(r.Slowest, slowestCount)
	return r
}

// facts are what one incident contributes, as of the end of the period.
type facts struct {
	acked, resolved     bool
	tta, ttr            time.Duration // ttr: the age at the end when not resolved
	ackSide, holderSide string
}

func factsOf(inc incident.Incident, asOf time.Time) facts {
	f := facts{ackSide: BucketNone, holderSide: bucketOf(inc.Holder())}
	if !inc.AckedAt.IsZero() && !inc.AckedAt.After(asOf) {
		f.acked, f.tta, f.ackSide = true, inc.AckedAt.Sub(inc.OpenedAt), bucketOf(inc.AckedBy)
	}
	if !inc.ResolvedAt.IsZero() && !inc.ResolvedAt.After(asOf) {
		f.resolved, f.ttr = true, inc.ResolvedAt.Sub(inc.OpenedAt)
	} else {
		f.ttr = asOf.Sub(inc.OpenedAt)
	}
	if !f.acked {
		// Not acknowledged yet (as of the end): whoever holds it now is
		// not whoever held it then.
		f.holderSide = bucketOf(inc.Assignee)
	}
	return f
}

// bucketOf is the side bucket of an actor: its side, "managers" for a
// person without one, "none" for nobody.
func bucketOf(a *incident.Actor) string {
	switch {
	case a == nil || a.Name == "":
		return BucketNone
	case a.Side == incident.Internal:
		return BucketInternal
	case a.Side == incident.MSP:
		return BucketMSP
	}
	return BucketManagers
}

// countSLA adds the incident to the SLA rows of its severity. The ack clock
// stops at the first acknowledgement, or at resolution when nobody
// acknowledged; the resolve clock at resolution. A clock still running
// counts as missed once past its target and is left out before.
func (r *Report) countSLA(inc incident.Incident, f facts, sla SLA) {
	if sla.Ack > 0 {
		stopped, took, side := f.acked, f.tta, f.ackSide
		if !f.acked && f.resolved {
			stopped, took = true, f.ttr
		}
		if !stopped {
			took = r.To.Sub(inc.OpenedAt)
		}
		addSLA(r.SLAAck, SLAKey{inc.Severity, side}, stopped, took, sla.Ack)
	}
	if sla.Resolve > 0 {
		addSLA(r.SLAResolve, SLAKey{inc.Severity, f.holderSide}, f.resolved, f.ttr, sla.Resolve)
	}
}

func addSLA(m map[SLAKey]Ratio, k SLAKey, stopped bool, took, target time.Duration) {
	met := took <= target
	if !stopped && met {
		return // pending: the clock still runs and has time left
	}
	r := m[k]
	r.Of++
	if stopped && met {
		r.Met++
	}
	m[k] = r
}

// countWindows counts the window at opening, in the incident's ladder
// calendar, and whether an MSP team was paged.
func (r *Report) countWindows(inc incident.Incident, rules Rules) {
	var cal *escalation.Calendar
	if rules.Calendar != nil {
		cal = rules.Calendar(inc)
	}
	after := cal.WindowAt(inc.OpenedAt) == escalation.AfterHours
	if after {
		r.AfterHours++
	}
	if cal.IsHoliday(inc.OpenedAt) {
		r.Holidays++
	}
	if rules.TeamSide == nil {
		return
	}
	for _, team := range inc.Paged {
		if rules.TeamSide(team) == incident.MSP {
			r.ReachedMSP++
			if after {
				r.ReachedMSPAfter++
			}
			return
		}
	}
}

func sortedCounts(m map[string]int) []NamedCount {
	out := make([]NamedCount, 0, len(m))
	for name, n := range m {
		out = append(out, NamedCount{name, n})
	}
	slices.SortFunc(out, func(a, b NamedCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// slowest keeps the n longest, longest first; ties by incident number.
func slowest(all []Slow, n int) []Slow {
	slices.SortFunc(all, func(a, b Slow) int {
		return cmp.Or(cmp.Compare(b.Took, a.Took), cmp.Compare(a.Incident.Number(), b.Incident.Number()))
	})
	return all[:min(n, len(all))]
}
