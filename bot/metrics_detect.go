package bot

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// observeDetection observes time to detect at an opening whose alerts said
// when they started, and time to first page at each side's first page
// (once per side, though a step pages several teams of it at once).
func (m *metrics) observeDetection(c incident.Change) {
	inc := c.Incident
	sev := inc.Severity.String()
	seen := map[string]bool{}
	for _, e := range c.Events {
		switch e.Kind {
		case incident.KindOpened, incident.KindReopened:
			if d, ok := inc.TimeToDetect(); ok {
				m.ttd.WithLabelValues(sev).Observe(d.Seconds())
			}
		case incident.KindPaged:
			side := e.Details[incident.DetailSide]
			if side == "" {
				side = incident.SideManagers
			}
			if at, ok := inc.PagedAt[side]; ok && e.At.Equal(at) && !seen[side] {
				seen[side] = true
				m.ttfp.WithLabelValues(sev, side).Observe(at.Sub(inc.OpenedAt).Seconds())
			}
		}
	}
}

// availabilityWindow is the trailing period the availability gauges cover.
const availabilityWindow = 30 * 24 * time.Hour

// availabilityCache is how long a computed availability is served before
// the store is read again, so frequent scrapes stay cheap.
const availabilityCache = time.Minute

// availabilityCollector exports each configured service's availability over
// the last 30 days, and its target, as ratios (0 to 1).
type availabilityCollector struct {
	m       *metrics
	now     func() time.Time
	compute func(ctx context.Context, from, to time.Time) ([]reports.Availability, error)
	ratio   *prometheus.Desc
	target  *prometheus.Desc

	mu     sync.Mutex
	at     time.Time
	cached []reports.Availability
}

func newAvailabilityCollector(m *metrics, now func() time.Time,
	compute func(ctx context.Context, from, to time.Time) ([]reports.Availability, error)) *availabilityCollector {
	return &availabilityCollector{m: m, now: now, compute: compute,
		ratio: prometheus.NewDesc("tandem_service_availability_ratio",
			"Share of the last 30 days a service had no outage incident open outside its maintenance windows (docs/metrics.md).", []string{"service"}, nil),
		target: prometheus.NewDesc("tandem_service_availability_target_ratio",
			"The service's services[].availability_target as a ratio (only services with one).", []string{"service"}, nil)}
}

// Describe sends the two descriptors.
func (a *availabilityCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- a.ratio
	ch <- a.target
}

// Collect sends each service's figures; none when the store does not
// answer within a second.
func (a *availabilityCollector) Collect(ch chan<- prometheus.Metric) {
	seen := map[string]bool{} // two long names may cut to one label
	for _, av := range a.figures() {
		svc := a.m.service(av.Service)
		if seen[svc] {
			continue
		}
		seen[svc] = true
		ch <- prometheus.MustNewConstMetric(a.ratio, prometheus.GaugeValue, av.Percent/100, svc)
		if av.Target > 0 {
			ch <- prometheus.MustNewConstMetric(a.target, prometheus.GaugeValue, av.Target/100, svc)
		}
	}
}

func (a *availabilityCollector) figures() []reports.Availability {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	if a.cached != nil && now.Sub(a.at) < availabilityCache && !now.Before(a.at) {
		return a.cached
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	avs, err := a.compute(ctx, now.Add(-availabilityWindow), now)
	if err != nil {
		return a.cached // the last figures, or none
	}
	a.at, a.cached = now, avs
	return avs
}
