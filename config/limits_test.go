package config

import "testing"

func TestSourceLimitRules(t *testing.T) {
	vars := map[string]string{"TOK": "t0k"}
	runRules(t, []ruleCase{
		{name: "ErrMaxNewPerMinuteZero", src: base + "sources:\n  generic: {token_env: TOK, max_new_per_minute: 0}\n", env: vars, want: []string{"sources.generic.max_new_per_minute: must be at least 1"}},
		{name: "ErrMaxNewPerMinuteNegative", src: base + "sources:\n  grafana: {token_env: TOK, max_new_per_minute: -5}\n", env: vars, want: []string{"sources.grafana.max_new_per_minute: must be at least 1"}},
		{name: "OKMaxNewPerMinute", src: base + "sources:\n  alertmanager: {token_env: TOK, max_new_per_minute: 100000}\n", env: vars},
	})
	t.Run("Defaults", func(t *testing.T) {
		cfg, _ := parse(t, base+"sources:\n  alertmanager: {token_env: TOK}\n  generic: {token_env: TOK, max_new_per_minute: 7}\n", vars)
		if got := cfg.Sources["alertmanager"].MaxNewPerMinute; got != 60 {
			t.Fatalf("alertmanager max_new_per_minute %d, want the default 60", got)
		}
		if got := cfg.Sources["generic"].MaxNewPerMinute; got != 7 {
			t.Fatalf("generic max_new_per_minute %d, want 7 as written", got)
		}
	})
}
