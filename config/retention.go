package config

import "time"

// DefaultResolvedAfter is how long a resolved incident stays in Redis before
// the retention sweep archives and trims it: a year and a bit, so a yearly
// review still finds last year's incidents in the store.
const DefaultResolvedAfter = Duration(400 * 24 * time.Hour)

// Retention says when resolved incidents leave Redis and where they go.
type Retention struct {
	// ResolvedAfter: incidents resolved longer ago than this are archived and
	// trimmed. Default 400d; any positive duration (tests use seconds).
	ResolvedAfter Duration `yaml:"resolved_after"`
	// ArchiveDir holds the monthly archive files (incidents-YYYY-MM.jsonl).
	// Empty: nothing is ever trimmed, since nothing may leave Redis unarchived.
	ArchiveDir string `yaml:"archive_dir"`
}

// Enabled reports whether the sweep trims at all.
func (r Retention) Enabled() bool { return r.ArchiveDir != "" }

// retention checks the section. A missing archive_dir is no problem and no
// warning (every test and example would carry it): the summary of `config
// check` says that nothing is trimmed.
func (v *validator) retention() {
	r := v.c.Retention
	if r.ResolvedAfter <= 0 {
		v.rep.errf("retention.resolved_after", "duration must be greater than zero")
	}
}

func (r Retention) describe() string {
	if !r.Enabled() {
		return "off: retention.archive_dir is not set, so resolved incidents are never trimmed and Redis grows with every incident"
	}
	return "resolved incidents older than " + r.ResolvedAfter.String() + " are archived to " + r.ArchiveDir + " and trimmed"
}
