package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// base is a small valid config that the validation cases change one thing in.
const base = `timezone: UTC
calendars:
  office:
    business_hours:
      - {days: [mon, tue, wed, thu, fri], start: "08:00", end: "18:00"}
    holidays: ["2026-12-25"]
teams:
  ops:
    side: internal
    members:
      - {name: Alice, slack: U1}
      - {name: Bob}
    rotation: {members: [Alice, Bob]}
  noc:
    side: msp
    scope: [db]
    members:
      - {name: Nora}
managers:
  members:
    - {name: Maria}
services:
  - {name: db, owner: ops, ladder: std}
ladders:
  std:
    calendar: office
    steps:
      - {notify: [ops], wait: 5m}
      - {notify: [noc, managers]}
`

// edit replaces old (which must occur in base) with repl.
func edit(t *testing.T, old, repl string) string {
	t.Helper()
	if !strings.Contains(base, old) {
		t.Fatalf("base has no %q", old)
	}
	return strings.Replace(base, old, repl, 1)
}

// env returns a getenv over a fixed map.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// parse runs Parse and splits the outcome; any error must be Problems.
func parse(t *testing.T, src string, vars map[string]string) (*Config, Problems) {
	t.Helper()
	cfg, err := Parse("t.yaml", []byte(src), env(vars))
	if err == nil {
		return cfg, nil
	}
	var ps Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("error is not Problems: %T %v", err, err)
	}
	return nil, ps
}

// posOf is the 1-based line and column of the only occurrence of marker in text.
func posOf(t *testing.T, text, marker string) (int, int) {
	t.Helper()
	if strings.Count(text, marker) != 1 {
		t.Fatalf("marker %q occurs %d times", marker, strings.Count(text, marker))
	}
	before := text[:strings.Index(text, marker)]
	line := strings.Count(before, "\n") + 1
	return line, len(before) - strings.LastIndex(before, "\n")
}

// timeIn is a fixed instant in loc, for checking offsets.
func timeIn(loc *time.Location) time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, loc) }

// The bot registers the real sources (bot/sources.go); config's own tests register the same
// names with the same defaults, since config imports no integration.
func init() {
	auto := true
	for _, name := range []string{"alertmanager", "grafana", "generic"} {
		RegisterSource(name, Source{AutoResolve: &auto, ReopenWithin: Duration(30 * time.Minute),
			ServiceLabels: []string{"service"}, SeverityLabels: []string{"severity"}, MaxAlerts: 1000, MaxNewPerMinute: 60})
	}
}
