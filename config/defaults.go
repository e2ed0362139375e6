package config

import (
	"slices"
	"time"
)

// Defaults. Explicit zero durations are rejected while decoding, so zero here means "not set".
const (
	DefaultTimezone      = "UTC"
	DefaultHTTPAddr      = ":8080"
	DefaultRedisPrefix   = "tandem:"
	DefaultHandoff       = "mon 09:00"
	DefaultRotationStart = "2026-01-05" // a Monday
	DefaultSeverity      = "sev3"
	DefaultEvery         = Duration(168 * time.Hour)
	DefaultUnackedEvery  = Duration(5 * time.Minute)
	DefaultUpdateEvery   = Duration(30 * time.Minute)
)

// applyDefaults fills what was not written. rep tells written zeros from absent keys where
// zero is a value someone could mean (max_alerts: 0), so that validation can reject them.
func applyDefaults(c *Config, rep *report) {
	setDefault(&c.Timezone, DefaultTimezone)
	setDefault(&c.HTTP.Addr, DefaultHTTPAddr)
	setDefault(&c.Redis.Prefix, DefaultRedisPrefix)
	setDefault(&c.Reminders.UnackedEvery, DefaultUnackedEvery)
	setDefault(&c.Reminders.UpdateEvery, DefaultUpdateEvery)
	if !rep.has("reports.handoff") {
		c.Reports.Handoff = true // hand-overs were always on before the key was honoured
	}
	setDefault(&c.Retention.ResolvedAfter, DefaultResolvedAfter)
	setDefault(&c.Maintenance.MaxDuration, DefaultMaxWindow)
	c.Audit.setDefaults()
	c.Log.setDefaults()
	for _, t := range c.Teams {
		if r := t.Rotation; r != nil {
			setDefault(&r.Handoff, DefaultHandoff)
			setDefault(&r.Every, DefaultEvery)
			setDefault(&r.Start, DefaultRotationStart)
		}
	}
	for i := range c.Services {
		setDefault(&c.Services[i].Severity, DefaultSeverity)
		if c.Services[i].OutageSeverities == nil {
			c.Services[i].OutageSeverities = slices.Clone(DefaultOutageSeverities)
		}
	}
	c.Sources.applyDefaults(rep)
}

func setDefault[T comparable](p *T, v T) {
	var zero T
	if *p == zero {
		*p = v
	}
}
