package config

import (
	"strings"
	"testing"
	"time"
)

func TestMaintenance(t *testing.T) {
	const window = `{name: patch-tuesday, services: [db], every: "tue 22:00", duration: 4h, calendar: office, hold_open: true}`
	t.Run("OKList", func(t *testing.T) {
		cfg, probs := parse(t, base+"maintenance: ["+window+"]\n", nil)
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		m := cfg.Maintenance
		if m.MaxDuration.Std() != 24*time.Hour || len(m.Windows) != 1 || m.Windows[0].Day != time.Tuesday ||
			m.Windows[0].Minute != 22*60 || !m.Windows[0].HoldOpen || m.Windows[0].Location == nil {
			t.Fatalf("%+v", m)
		}
	})
	t.Run("OKMapping", func(t *testing.T) {
		cfg, probs := parse(t, base+"maintenance: {max_duration: 8h, windows: ["+window+"]}\nalertmanager: {api_url: \"http://127.0.0.1:9093\"}\n", nil)
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		if cfg.Maintenance.MaxDuration.Std() != 8*time.Hour || len(cfg.Maintenance.Windows) != 1 || cfg.Alertmanager.APIURL == "" {
			t.Fatalf("%+v", cfg.Maintenance)
		}
	})
	t.Run("ErrBad", func(t *testing.T) {
		_, probs := parse(t, base+`maintenance: [{name: x, services: [nope], every: "someday", duration: 4h, calendar: gone}]
alertmanager: {api_url: "ftp://x"}
`, nil)
		all := ""
		for _, p := range probs {
			all += p.String() + "\n"
		}
		for _, want := range []string{`unknown service "nope"`, `like "tue 22:00"`, `unknown calendar "gone"`, "alertmanager.api_url"} {
			if !strings.Contains(all, want) {
				t.Errorf("missing %q in:\n%s", want, all)
			}
		}
	})
}

// The next start keeps the local time across a DST change.
func TestMaintenanceNextAcrossDST(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	m := MaintenanceWindow{Day: time.Monday, Minute: 9 * 60, Location: chicago}
	first := m.Next(time.Date(2027, 3, 6, 0, 0, 0, 0, chicago))
	second := m.Next(first)
	if first.UTC().Hour() != 15 || second.UTC().Hour() != 14 || second.In(chicago).Hour() != 9 {
		t.Fatalf("first %s, second %s", first.UTC(), second.UTC())
	}
}
