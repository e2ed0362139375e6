package config

import (
	"bytes"
	"strings"
	"testing"
)

func TestSummary(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		var b bytes.Buffer
		Demo().Summary(&b)
		for _, want := range []string{
			"Time zone: America/Chicago",
			"Store: embedded",
			"office: America/Chicago; business hours mon-fri 08:00-18:00; 2 holidays",
			"acme-it: internal, 2 members; rotation Alice, Bob (hand-off mon 09:00 every 168h); slack C01OPS",
			"noc: msp, 2 members;",
			"Managers: 1 member (Maria)",
			"database: owner acme-it, ladder standard, default sev2",
			"1. acme-it (business hours), then wait 2m",
			"4. managers (sev1 and above)",
			"generic: not configured",
			"Slack: not configured",
		} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("summary lacks %q:\n%s", want, b.String())
			}
		}
	})
	t.Run("Days", func(t *testing.T) {
		for in, want := range map[string]string{
			"[mon, tue, wed, thu, fri]": "mon-fri",
			"[sat, sun]":                "sat,sun",
			"[sun, mon, wed, thu, fri]": "mon,wed-fri,sun",
		} {
			cfg, _ := parse(t, strings.Replace(base, "[mon, tue, wed, thu, fri]", in, 1), nil)
			if got := describeDays(cfg.Calendars["office"].BusinessHours[0].Days); got != want {
				t.Errorf("%s: got %q, want %q", in, got, want)
			}
		}
	})
}

func TestDuration(t *testing.T) {
	for in, want := range map[string]string{"168h": "168h", "1h30m": "1h30m", "90s": "1m30s", "2m": "2m", "1.5s": "1.5s"} {
		var d Duration
		if err := d.UnmarshalText([]byte(in)); err != nil || d.String() != want {
			t.Errorf("%s: got %q %v", in, d.String(), err)
		}
	}
	var d Duration
	if err := d.UnmarshalText([]byte("-1m")); err == nil {
		t.Error("negative accepted")
	}
}
