package bot

import (
	"context"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

// metrics are the Prometheus series of DESIGN §5.6, on a registry of the
// bot's own (several bots in one test process must not collide).
type metrics struct {
	reg              *prometheus.Registry
	alerts           *prometheus.CounterVec
	opened           *prometheus.CounterVec
	pages            *prometheus.CounterVec
	slaBreaches      *prometheus.CounterVec
	tta, ttr         *prometheus.HistogramVec
	ttd, ttfp        *prometheus.HistogramVec
	deliveryFailures *prometheus.CounterVec
	timerLateness    prometheus.Histogram
	webhookDuration  *prometheus.HistogramVec
	refusals         *prometheus.CounterVec
	// via names how a team's page goes out (the channel label of pages).
	via func(team string) string
	// services are the configured service names: the only values the
	// service label takes (anything else is "other"), so alerts that name
	// services at will cannot grow the series without bound.
	services map[string]bool
	// managers are the managers' names in lower case: their side label
	// is "managers" (metrics_side.go).
	managers map[string]bool
}

// maxLabel bounds a label value in bytes.
const maxLabel = 64

// label cuts v to maxLabel bytes, at a rune boundary.
func label(v string) string {
	if len(v) <= maxLabel {
		return v
	}
	cut := maxLabel
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return v[:cut]
}

// service is the service label of a configured service, else "other".
func (m *metrics) service(name string) string {
	if m.services[name] {
		return label(name)
	}
	return "other"
}

var responseBuckets = []float64{30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400}

func newMetrics(store *redisstore.Store, services []string) *metrics {
	m := &metrics{
		reg:      prometheus.NewRegistry(),
		services: map[string]bool{},
		managers: map[string]bool{},
		alerts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tandem_alerts_received_total",
			Help: "Alerts received from monitoring webhooks and stored, by source."}, []string{"source"}),
		opened: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tandem_incidents_opened_total",
			Help: "Incidents opened (and reopened), by service and severity."}, []string{"service", "severity"}),
		pages: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tandem_pages_total",
			Help: "Page triggers delivered, by team, side and channel (pagerduty, console, custom, or chat when only the team's channel is told)."}, []string{"team", "side", "channel"}),
		slaBreaches: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tandem_sla_breaches_total",
			Help: "SLA targets missed (recorded when the target passes), by SLA (ack, resolve) and severity."}, []string{"sla", "severity"}),
		tta: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tandem_time_to_ack_seconds",
			Help: "Time from opening to first acknowledgement, by the acknowledger's side.", Buckets: responseBuckets}, []string{"side"}),
		ttr: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tandem_time_to_resolve_seconds",
			Help: "Time from opening to resolution, by the side holding the incident.", Buckets: responseBuckets}, []string{"side"}),
		ttd: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tandem_time_to_detect_seconds",
			Help: "Time from the alert's own start to the incident's opening, by severity.", Buckets: responseBuckets}, []string{"severity"}),
		ttfp: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tandem_time_to_first_page_seconds",
			Help: "Time from opening to the first page of each side, by severity and the side paged.", Buckets: responseBuckets}, []string{"severity", "side"}),
		deliveryFailures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tandem_outbox_delivery_failures_total",
			Help: "Effects given up after permanent errors or too many attempts, by kind and platform."}, []string{"kind", "platform"}),
		timerLateness: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "tandem_timer_lateness_seconds",
			Help: "How late due timers were claimed.", Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}),
		webhookDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tandem_webhook_duration_seconds",
			Help: "Webhook handling time, by source and status code.", Buckets: prometheus.DefBuckets}, []string{"source", "code"}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tandem_refusals_total",
			Help: "Requests of known members refused (scope, rights), by whether the refusal was written on the timeline (at most 5 a minute per person)."}, []string{"recorded"}),
	}
	for _, s := range services {
		m.services[s] = true
	}
	m.reg.MustRegister(m.alerts, m.opened, m.pages, m.slaBreaches, m.tta, m.ttr, m.ttd, m.ttfp, m.deliveryFailures, m.timerLateness, m.webhookDuration, m.refusals)
	m.reg.MustRegister(storeGauge("tandem_outbox_depth", "Effects waiting in the outbox.", store.OutboxDepth),
		storeGauge("tandem_timers_pending", "Durable timers waiting or in flight.", store.PendingTimers))
	return m
}

// storeGauge is a gauge read from the store at each scrape, within a
// second; a store that does not answer reads as 0.
func storeGauge(name, help string, read func(context.Context) (int64, error)) prometheus.GaugeFunc {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		n, _ := read(ctx)
		return float64(n)
	})
}

// observe counts a committed change.
func (m *metrics) observe(c incident.Change) {
	inc := c.Incident
	m.observeDetection(c)
	for _, e := range c.Events {
		switch e.Kind {
		case incident.KindOpened, incident.KindReopened:
			m.opened.WithLabelValues(m.service(inc.Service), inc.Severity.String()).Inc()
		case incident.KindAcked:
			// Only the first acknowledgement stops the clock; an ack after
			// an unack would observe the same time twice.
			if d, ok := inc.TimeToAck(); ok && e.At.Equal(inc.AckedAt) {
				m.tta.WithLabelValues(m.actorSide(&e.Actor)).Observe(d.Seconds())
			}
		case incident.KindSLABreached:
			m.slaBreaches.WithLabelValues(e.Details["sla"], e.Details["severity"]).Inc()
		case incident.KindResolved:
			if d, ok := inc.TimeToResolve(); ok {
				m.ttr.WithLabelValues(m.actorSide(inc.Holder())).Observe(d.Seconds())
			}
		}
	}
}

// refused counts a refusal of a known member.
func (m *metrics) refused(recorded bool) {
	m.refusals.WithLabelValues(strconv.FormatBool(recorded)).Inc()
}

// paged counts a page trigger delivered to team.
func (m *metrics) paged(team, side string) {
	via := "chat"
	if m.via != nil {
		via = m.via(team)
	}
	m.pages.WithLabelValues(label(team), teamSide(team, side), via).Inc()
}
