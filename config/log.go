package config

import "slices"

// Log formats and levels the log section accepts.
var (
	logFormats = []string{"text", "json"}
	logLevels  = []string{"debug", "info", "warn", "error"}
)

// Log says how Tandem writes its log (to standard error).
type Log struct {
	// Format is "text" (the default; slog's key=value lines) or "json" (one JSON object a
	// line, for log shippers).
	Format string `yaml:"format"`
	// Level is the least severe level written: debug, info (the default), warn or error.
	// TANDEM_LOG_LEVEL overrides it, so a level can be raised for one run without an edit.
	Level string `yaml:"level"`
}

func (l *Log) setDefaults() {
	setDefault(&l.Format, "text")
	setDefault(&l.Level, "info")
}

// log checks the section.
func (v *validator) log() {
	l := v.c.Log
	if !slices.Contains(logFormats, l.Format) {
		v.rep.errf("log.format", "must be text or json, not %q", l.Format)
	}
	if !slices.Contains(logLevels, l.Level) {
		v.rep.errf("log.level", "must be debug, info, warn or error, not %q", l.Level)
	}
}
