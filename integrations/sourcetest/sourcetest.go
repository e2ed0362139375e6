// Package sourcetest holds what the tests of the monitoring sources
// (alertmanager, grafana, generic) share: their payload fixtures.
package sourcetest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Fixtures returns the name and bytes of every testdata/*.json file of the
// package under test (tests run in their package's folder).
func Fixtures(tb testing.TB) map[string][]byte {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no fixtures: %v", err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out[filepath.Base(p)] = b
	}
	return out
}

// Time parses an RFC 3339 time of a fixture, in UTC.
func Time(tb testing.TB, v string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		tb.Fatal(err)
	}
	return t.UTC()
}
