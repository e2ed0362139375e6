package config

import (
	"strings"
	"testing"
)

func TestPagerDutyDedupPrefixAndServiceHost(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		src := strings.Replace(base, "ladder: std}", "ladder: std, host: db-01.acme.example}", 1) + "pagerduty: {dedup_prefix: acme-prod}\n"
		cfg, _ := parse(t, src, nil)
		if cfg.PagerDuty.DedupPrefix != "acme-prod" || cfg.Services[0].Host != "db-01.acme.example" {
			t.Fatalf("%+v %+v", cfg.PagerDuty, cfg.Services[0])
		}
	})
	t.Run("ErrPrefixWithSeparator", func(t *testing.T) {
		_, ps := parse(t, base+"pagerduty: {dedup_prefix: \"acme:prod\"}\n", nil)
		if !strings.Contains(ps.Error(), "pagerduty.dedup_prefix: must be 1 to 32 letters, digits") {
			t.Fatal(ps)
		}
	})
}
