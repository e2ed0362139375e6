package bot

import "github.com/prometheus/client_golang/prometheus"

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
