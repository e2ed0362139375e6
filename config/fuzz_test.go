package config

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

// FuzzParse: no input may panic, every failure is a non-empty Problems, and the secret values
// handed in through the environment and files never show up in problems or the summary.
func FuzzParse(f *testing.F) {
	if ex, err := os.ReadFile("../examples/tandem.yaml"); err == nil {
		f.Add(ex)
	}
	f.Add(DemoYAML())
	f.Add([]byte(base))
	for _, s := range []string{
		"", "a: [", "- 1\n", "teams: {x: {side: msp, members: [{name: A}]}}",
		"slack: {bot_token: x}", "x: &a [*a]", "api: {token_file: /dev/stdin}",
		"calendars: {c: {business_hours: [{days: [mon], start: '24:00', end: '00:00'}]}}",
		"reports: {weekly: 'CRON_TZ= 1 2 3 4 5'}", "sla: {sev1: {ack: 1h}}\n---\n",
	} {
		f.Add([]byte(s))
	}
	const secret = "FUZZSECRETVALUE"
	opt := Options{
		Getenv: func(k string) string {
			if strings.HasPrefix(k, "TANDEM_") {
				return "" // the overrides are not secrets and are echoed in problems
			}
			return secret
		},
		ReadFile: func(string) ([]byte, error) { return []byte(secret), nil },
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, optional := range []bool{false, true} {
			opt.SecretsOptional = optional
			cfg, err := ParseWith("f.yaml", data, opt)
			if err != nil {
				var ps Problems
				if !errors.As(err, &ps) || len(ps) == 0 {
					t.Fatalf("error is not Problems: %v", err)
				}
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("secret in problems: %v", err)
				}
				continue
			}
			var sb strings.Builder
			cfg.Summary(io.MultiWriter(&sb))
			if strings.Contains(sb.String(), secret) {
				t.Fatalf("secret in summary:\n%s", sb.String())
			}
		}
	})
}
