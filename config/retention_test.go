package config

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestRetention(t *testing.T) {
	t.Run("OKDefault", func(t *testing.T) {
		cfg, probs := parse(t, base, nil)
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		if cfg.Retention.ResolvedAfter.Std() != 400*24*time.Hour || cfg.Retention.Enabled() {
			t.Fatalf("defaults: %+v", cfg.Retention)
		}
		var b bytes.Buffer
		cfg.Summary(&b)
		if !strings.Contains(b.String(), "Retention: off: retention.archive_dir is not set, so resolved incidents are never trimmed") {
			t.Errorf("summary does not say nothing is trimmed:\n%s", b.String())
		}
	})
	t.Run("OKSeconds", func(t *testing.T) {
		cfg, probs := parse(t, base+"retention: {resolved_after: 5s, archive_dir: /var/lib/tandem/archive}\n", nil)
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		if cfg.Retention.ResolvedAfter.Std() != 5*time.Second || !cfg.Retention.Enabled() {
			t.Fatalf("got %+v", cfg.Retention)
		}
		var b bytes.Buffer
		cfg.Summary(&b)
		if !strings.Contains(b.String(), "Retention: resolved incidents older than 5s are archived to /var/lib/tandem/archive") {
			t.Errorf("summary:\n%s", b.String())
		}
	})
	runRules(t, []ruleCase{
		{name: "ErrZero", src: base + "retention: {resolved_after: 0s}\n", want: []string{"retention.resolved_after: duration must be greater than zero"}},
		{name: "ErrBadDays", src: base + "retention: {resolved_after: 4xd}\n", want: []string{`invalid duration "4xd"`}},
		{name: "ErrUnknownKey", src: base + "retention: {keep: 5s}\n", want: []string{`unknown key "keep" in retention`}},
	})
}

func TestDurationDays(t *testing.T) {
	for in, want := range map[string]time.Duration{"400d": 400 * 24 * time.Hour, "1d12h": 36 * time.Hour, "0d30m": 30 * time.Minute} {
		var d Duration
		if err := d.UnmarshalText([]byte(in)); err != nil || d.Std() != want {
			t.Errorf("%s: got %v %v", in, d.Std(), err)
		}
	}
	for _, in := range []string{"d", "-1d", "1d-1h", "1.5d", "1dd"} {
		var d Duration
		if err := d.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("%s accepted as %v", in, d.Std())
		}
	}
}
