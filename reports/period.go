package reports

import (
	"slices"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// The operational review of a period (a month or a quarter, optionally of
// one service): the report's figures, broken down by severity and by
// service, with what only the timelines tell: why the MSP side was reached,
// the noisiest alerts and the PSA tickets' resolution time. The previous
// period is computed the same way, for the trends. docs/reports.md shows
// it; docs/metrics.md defines each figure.

// PeriodInput is what a review is computed from.
type PeriodInput struct {
	// Incidents should reach back to one period before PrevFrom, so that
	// outages opened before either period count in its availability.
	Incidents []incident.Incident
	Timelines map[string][]incident.Event // by incident ID
	From, To  time.Time
	// PrevFrom starts the previous period, which ends at From (zero: the
	// period of equal length before; a month's is the calendar month before).
	PrevFrom time.Time
	Service  string // "": every service
	Rules    Rules
	Zone     *time.Location // the hours of day are counted in it (nil: UTC)
}

// Review is the operational review: this period's figures and, for the
// trends, the previous period's.
type Review struct {
	Service  string
	Period   Period
	Previous Period
	// Weeks and Hours are this period's series, for the charts.
	Weeks []Week
	Hours HourSides
}

// Period holds one period's figures: the report's (per side, SLA,
// availability, slowest) and the review's own.
type Period struct {
	Report      Report
	BySeverity  []Group // sev1..sev4, each with incidents
	ByService   []Group // most incidents first
	Escalations Escalations
	Noisiest    []Noise
	Tickets     Tickets
}

// Group is the figures of the incidents of one severity or one service.
type Group struct {
	Name                 string
	Total, StillOpen     int
	Detect, Ack, Resolve Stats
	SLAAck, SLAResolve   Ratio // over every side
	AutoResolvedUnacked  int
}

// ComputeReview computes the review of in's period and of the one before.
func ComputeReview(in PeriodInput) Review {
	prevFrom := in.PrevFrom
	if prevFrom.IsZero() {
		prevFrom = in.From.Add(-in.To.Sub(in.From))
	}
	incs := in.Incidents
	rules := in.Rules
	if in.Service != "" {
		incs = filter(incs, func(inc incident.Incident) bool { return inc.Service == in.Service })
		rules.Services = slices.DeleteFunc(slices.Clone(rules.Services), func(s ServiceRule) bool { return s.Service != in.Service })
	}
	loc := in.Zone
	if loc == nil {
		loc = time.UTC
	}
	return Review{Service: in.Service,
		Period:   computePeriod(incs, in.Timelines, in.From, in.To, rules),
		Previous: computePeriod(incs, in.Timelines, prevFrom, in.From, rules),
		Weeks:    weeks(incs, in.From, in.To, rules),
		Hours:    hourSides(incs, in.From, in.To, loc)}
}

func computePeriod(incs []incident.Incident, timelines map[string][]incident.Event, from, to time.Time, rules Rules) Period {
	p := Period{Report: Compute(incs, from, to, rules)}
	in := filter(incs, func(inc incident.Incident) bool { return !inc.OpenedAt.Before(from) && inc.OpenedAt.Before(to) })
	noSvc := rules
	noSvc.Services = nil
	for sev := incident.Sev1; sev <= incident.Sev4; sev++ {
		of := filter(in, func(inc incident.Incident) bool { return inc.Severity == sev })
		if len(of) > 0 {
			p.BySeverity = append(p.BySeverity, group(sev.String(), of, timelines, from, to, noSvc))
		}
	}
	for _, c := range p.Report.ByService {
		of := filter(in, func(inc incident.Incident) bool { return inc.Service == c.Name })
		p.ByService = append(p.ByService, group(c.Name, of, timelines, from, to, noSvc))
	}
	p.Escalations = escalations(in, timelines, to)
	p.Noisiest = noisiest(in, timelines, to)
	p.Tickets = tickets(in, timelines, to)
	return p
}

// group computes one severity's or service's figures with Compute.
func group(name string, incs []incident.Incident, timelines map[string][]incident.Event, from, to time.Time, rules Rules) Group {
	r := Compute(incs, from, to, rules)
	g := Group{Name: name, Total: r.Total, StillOpen: r.StillOpen, Detect: r.Detect, Ack: r.AckAll, Resolve: r.ResolveAll,
		SLAAck: sumRatios(r.SLAAck), SLAResolve: sumRatios(r.SLAResolve)}
	for _, inc := range incs {
		if autoResolvedUnacked(inc, timelines[inc.ID], to) {
			g.AutoResolvedUnacked++
		}
	}
	return g
}

func sumRatios(m map[SLAKey]Ratio) Ratio {
	var out Ratio
	for _, r := range m {
		out.Met += r.Met
		out.Of += r.Of
	}
	return out
}

// SLAMet is met/of over every severity and side of the period, ack and
// resolve targets together.
func (p Period) SLAMet() Ratio {
	a, r := sumRatios(p.Report.SLAAck), sumRatios(p.Report.SLAResolve)
	return Ratio{Met: a.Met + r.Met, Of: a.Of + r.Of}
}

// AutoResolvedUnacked counts the period's incidents monitoring resolved
// before anyone acknowledged them.
func (p Period) AutoResolvedUnacked() int {
	n := 0
	for _, g := range p.BySeverity {
		n += g.AutoResolvedUnacked
	}
	return n
}

// autoResolvedUnacked: resolved by monitoring (its last resolved entry's
// actor) by asOf, never acknowledged before.
func autoResolvedUnacked(inc incident.Incident, events []incident.Event, asOf time.Time) bool {
	if inc.ResolvedAt.IsZero() || inc.ResolvedAt.After(asOf) || !inc.AckedAt.IsZero() && !inc.AckedAt.After(inc.ResolvedAt) {
		return false
	}
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Kind == incident.KindResolved && !events[i].At.After(asOf) {
			return events[i].Actor.Platform == incident.Monitoring.Platform
		}
	}
	return false
}

func filter(incs []incident.Incident, keep func(incident.Incident) bool) []incident.Incident {
	var out []incident.Incident
	for _, inc := range incs {
		if keep(inc) {
			out = append(out, inc)
		}
	}
	return out
}

// severities in report order.
var severities = []incident.Severity{incident.Sev1, incident.Sev2, incident.Sev3, incident.Sev4}
