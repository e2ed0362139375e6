package bot

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/handlers"
)

// withLimits adds a source's limits to its rule: max_alerts per incident
// and the storm guard. A source that is not configured (the demo's open
// generic endpoint) gets the defaults, so no endpoint is unguarded.
func withLimits(rule handlers.SourceRule, src *config.Source) handlers.SourceRule {
	rule.MaxAlerts, rule.MaxNewPerMinute = config.DefaultMaxAlerts, config.DefaultMaxNewPerMinute
	if src != nil {
		rule.MaxAlerts, rule.MaxNewPerMinute = src.MaxAlerts, src.MaxNewPerMinute
	}
	return rule
}

// limitMetrics count what the limits did, on the bot's registry.
type limitMetrics struct {
	diverted, notStored *prometheus.CounterVec
}

func newLimitMetrics(reg *prometheus.Registry) *limitMetrics {
	m := &limitMetrics{
		diverted: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tandem_alerts_diverted_total",
			Help: "Alerts of new groups that joined a storm incident past max_new_per_minute, by source."}, []string{"source"}),
		notStored: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tandem_alerts_not_stored_total",
			Help: "Alerts counted but not stored past an incident's max_alerts, by source."}, []string{"source"}),
	}
	reg.MustRegister(m.diverted, m.notStored)
	return m
}

// limited counts what a delivery's limits did (handlers.Options.Limited).
func (m *limitMetrics) limited(source string, diverted, notStored int) {
	if diverted > 0 {
		m.diverted.WithLabelValues(source).Add(float64(diverted))
	}
	if notStored > 0 {
		m.notStored.WithLabelValues(source).Add(float64(notStored))
	}
}
