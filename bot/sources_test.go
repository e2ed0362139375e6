package bot

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/sources"
)

// configWithSources is the demo config with every registered source set to line.
func configWithSources(t *testing.T, line string) *config.Config {
	t.Helper()
	var y strings.Builder
	y.Write(config.DemoYAML())
	y.WriteString("\nsources:\n")
	for _, s := range registered {
		fmt.Fprintf(&y, "  %s: %s\n", s.Name, line)
	}
	cfg, err := config.Parse("sources.yaml", []byte(y.String()), sourceEnv{"T": "tok", "H": "key"}.get)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

type sourceEnv map[string]string

func (e sourceEnv) get(k string) string { return e[k] }

// Every registered source takes every option of its sources.<name> to the
// webhook's auth, its decoder and the intake's rule, through the one path
// (sourceOptions). A source whose option were dropped anywhere on the way
// (as wiring.go once could drop a source's auto_resolve and reopen_within)
// fails here: every value below differs from every default.
func TestEverySourceHonoursItsOptions(t *testing.T) {
	cfg := configWithSources(t, "{token_env: T, hmac_secret_env: H, require_timestamp: true, auto_resolve: false, "+
		"reopen_within: 7m, service_labels: [app], severity_labels: [prio], max_alerts: 9, max_new_per_minute: 11}")
	want := sources.Options{ServiceLabels: []string{"app"}, SeverityLabels: []string{"prio"}, AutoResolve: false,
		ReopenWithin: 7 * time.Minute, MaxAlerts: 9, MaxNewPerMinute: 11, RequireTimestamp: true}
	wantRule := handlers.SourceRule{AutoResolve: false, ReopenWithin: 7 * time.Minute, MaxAlerts: 9, MaxNewPerMinute: 11}
	mounted := (&Bot{cfg: cfg}).sources()
	rules := handlerOptions(cfg, nil).Sources
	if len(mounted) != len(registered) || len(rules) != len(registered) {
		t.Fatalf("%d sources registered, %d mounted, %d rules", len(registered), len(mounted), len(rules))
	}
	for i, s := range registered {
		m := mounted[i]
		if m.name != s.Name || m.path != "/webhooks/"+s.Name || m.open || m.token != "tok" || m.hmac != "key" {
			t.Errorf("%s: mounted as %q at %q, open %v, token %q, hmac %q", s.Name, m.name, m.path, m.open, m.token, m.hmac)
		}
		if !reflect.DeepEqual(m.opt, want) {
			t.Errorf("%s: decoder and auth options %+v, want %+v", s.Name, m.opt, want)
		}
		if rules[s.Name] != wantRule {
			t.Errorf("%s: intake rule %+v, want %+v", s.Name, rules[s.Name], wantRule)
		}
	}
}

// The demo mounts every source, open, with the source's own defaults (so
// its endpoints are storm-guarded too); a served config mounts none it
// does not set.
func TestUnsetSourcesUseTheirDefaults(t *testing.T) {
	cfg, err := config.Parse("demo.yaml", config.DemoYAML(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := (&Bot{cfg: cfg}).sources(); len(got) != 0 {
		t.Fatalf("mounted without config: %+v", got)
	}
	rules := handlerOptions(cfg, nil).Sources
	for i, m := range (&Bot{cfg: cfg, opt: Options{Demo: true}}).sources() {
		d := registered[i].Defaults
		if !m.open || !reflect.DeepEqual(m.opt, d) {
			t.Errorf("%s: open %v, options %+v, want the defaults %+v", m.name, m.open, m.opt, d)
		}
		rule := handlers.SourceRule{AutoResolve: d.AutoResolve, ReopenWithin: d.ReopenWithin, MaxAlerts: d.MaxAlerts, MaxNewPerMinute: d.MaxNewPerMinute}
		if rules[m.name] != rule {
			t.Errorf("%s: rule %+v, want %+v", m.name, rules[m.name], rule)
		}
	}
}
