package config

import (
	"strings"
	"testing"
	"time"
)

func TestRequireTimestampNeedsHMAC(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "OK", src: base + "sources: {generic: {hmac_secret_env: H, require_timestamp: true}}\n", env: map[string]string{"H": "k"}},
		{name: "ErrTokenOnly", src: base + "sources: {generic: {token_env: T, require_timestamp: true}}\n", env: map[string]string{"T": "t"},
			want: []string{"sources.generic.require_timestamp: applies to HMAC signatures"}},
	})
}

// An http:// API base URL away from this machine would carry the token in
// clear: a warning (a loopback proxy or fake is fine). A password in a base
// URL never reaches the summary.
func TestPlainHTTPBaseURLs(t *testing.T) {
	for _, tc := range []struct {
		url  string
		warn bool
	}{{"http://slack-proxy.internal/api/", true}, {"https://slack-proxy.internal/api/", false}, {"http://127.0.0.1:9000/api/", false}, {"http://localhost/api/", false}} {
		src := base + "slack: {bot_token_env: T, signing_secret_env: S, api_url: \"" + tc.url + "\"}\n"
		cfg, ps := parse(t, src, map[string]string{"T": "xoxb-1", "S": "s"})
		if ps != nil {
			t.Fatal(ps)
		}
		warned := false
		for _, w := range cfg.Warnings {
			warned = warned || strings.Contains(w.Msg, "slack.api_url: is http://")
		}
		if warned != tc.warn {
			t.Errorf("%s: warned %v, want %v", tc.url, warned, tc.warn)
		}
	}
	cfg, ps := parse(t, base+"slack: {bot_token_env: T, signing_secret_env: S, api_url: \"https://user:hunter2@proxy.internal/api/\"}\n", map[string]string{"T": "xoxb-1", "S": "s"})
	if ps != nil {
		t.Fatal(ps)
	}
	var out strings.Builder
	cfg.Summary(&out)
	if strings.Contains(out.String(), "hunter2") || !strings.Contains(out.String(), "proxy.internal") {
		t.Fatalf("summary: %s", out.String())
	}
}

// Sources are keyed by the registered names only: another name is an unknown key at its
// position, and a source written with no body is not configured (as before sources became a
// registry).
func TestSourceNamesAreRegistered(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "ErrUnknownSource", src: base + "sources:\n  zabbix: {token_env: T}\n", env: map[string]string{"T": "t"},
			want: []string{`:3: unknown key "zabbix" in sources`}},
		{name: "ErrUnknownKeyInSource", src: base + "sources: {generic: {token_env: T, bogus: 1}}\n", env: map[string]string{"T": "t"},
			want: []string{`unknown key "bogus" in sources.generic`}},
	})
	cfg, ps := parse(t, base+"sources:\n  generic:\n  grafana: {token_env: T}\n", map[string]string{"T": "t"})
	if ps != nil {
		t.Fatal(ps)
	}
	if _, ok := cfg.Sources["generic"]; ok || cfg.Sources["grafana"] == nil {
		t.Fatalf("sources: %v", cfg.Sources)
	}
}

// quiet-test is a source whose defaults differ from the others'.
func init() {
	off := false
	RegisterSource("quiet-test", Source{AutoResolve: &off, ReopenWithin: Duration(2 * time.Minute), MaxAlerts: 7, MaxNewPerMinute: 3})
}

// Each source's defaults are its own, as registered.
func TestSourceDefaultsAreRegistered(t *testing.T) {
	cfg, ps := parse(t, base+"sources: {quiet-test: {token_env: T}, generic: {token_env: T}}\n", map[string]string{"T": "t"})
	if ps != nil {
		t.Fatal(ps)
	}
	q, g := cfg.Sources["quiet-test"], cfg.Sources["generic"]
	if q.AutoResolveOn() || q.ReopenWithin.Std() != 2*time.Minute || q.MaxAlerts != 7 || q.MaxNewPerMinute != 3 {
		t.Errorf("quiet-test: %+v", *q)
	}
	if !g.AutoResolveOn() || g.ReopenWithin.Std() != 30*time.Minute || g.MaxAlerts != 1000 {
		t.Errorf("generic: %+v", *g)
	}
}
