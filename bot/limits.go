package bot

import (
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

// limited counts what a delivery's limits did (handlers.Options.Limited).
func (m *metrics) limited(source string, diverted, notStored int) {
	if diverted > 0 {
		m.diverted.WithLabelValues(source).Add(float64(diverted))
	}
	if notStored > 0 {
		m.notStored.WithLabelValues(source).Add(float64(notStored))
	}
}
