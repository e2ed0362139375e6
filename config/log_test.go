package config

import (
	"strings"
	"testing"
)

func TestLogSection(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		cfg, _ := parse(t, base, nil)
		if cfg.Log.Format != "text" || cfg.Log.Level != "info" {
			t.Fatalf("defaults: %+v", cfg.Log)
		}
	})
	t.Run("EnvOverridesLevel", func(t *testing.T) {
		cfg, _ := parse(t, base+"log: {format: json, level: warn}\n", map[string]string{"TANDEM_LOG_LEVEL": "debug"})
		if cfg.Log.Format != "json" || cfg.Log.Level != "debug" {
			t.Fatalf("log: %+v", cfg.Log)
		}
	})
	t.Run("ErrBadValues", func(t *testing.T) {
		_, ps := parse(t, base+"log: {format: xml, level: loud}\n", nil)
		for _, w := range []string{`log.format: must be text or json, not "xml"`, `log.level: must be debug, info, warn or error, not "loud"`} {
			if !strings.Contains(ps.Error(), w) {
				t.Errorf("want %q in %v", w, ps)
			}
		}
	})
	t.Run("ErrBadEnvNamesVariable", func(t *testing.T) {
		_, ps := parse(t, base, map[string]string{"TANDEM_LOG_LEVEL": "verbose"})
		if w := `log.level (from TANDEM_LOG_LEVEL): must be debug, info, warn or error, not "verbose"`; !strings.Contains(ps.Error(), w) {
			t.Errorf("want %q in %v", w, ps)
		}
	})
}
