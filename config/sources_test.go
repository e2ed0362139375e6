package config

import (
	"strings"
	"testing"
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
