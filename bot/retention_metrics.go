package bot

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// retentionMetrics say whether the retention sweep keeps Redis trimmed:
// an archive directory that cannot be written stops every trim (nothing
// leaves Redis unarchived), and Redis then grows until someone notices.
type retentionMetrics struct {
	archived, trimmed prometheus.Counter
	failures          prometheus.Counter
	lastSuccess       prometheus.Gauge
}

func newRetentionMetrics(reg *prometheus.Registry) *retentionMetrics {
	m := &retentionMetrics{
		archived: prometheus.NewCounter(prometheus.CounterOpts{Name: "tandem_retention_archived_total",
			Help: "Incidents written to the retention archive."}),
		trimmed: prometheus.NewCounter(prometheus.CounterOpts{Name: "tandem_retention_trimmed_total",
			Help: "Incidents removed from Redis after archiving."}),
		failures: prometheus.NewCounter(prometheus.CounterOpts{Name: "tandem_retention_sweep_failures_total",
			Help: "Retention sweeps that stopped on an error (archive not writable, Redis unreachable)."}),
		lastSuccess: prometheus.NewGauge(prometheus.GaugeOpts{Name: "tandem_retention_last_success_timestamp_seconds",
			Help: "When a retention sweep of this process last finished without error (Unix time)."}),
	}
	reg.MustRegister(m.archived, m.trimmed, m.failures, m.lastSuccess)
	return m
}

// sweep counts one sweep's outcome. A sweep another replica held the lock
// for counts as neither success nor failure.
func (m *retentionMetrics) sweep(rep TrimReport, err error, now time.Time) {
	m.archived.Add(float64(rep.Archived))
	m.trimmed.Add(float64(rep.Trimmed))
	switch {
	case err != nil:
		m.failures.Inc()
	case !rep.Locked:
		m.lastSuccess.Set(float64(now.Unix()))
	}
}
