package config

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestAudit(t *testing.T) {
	const k1, k2 = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"
	t.Run("OffByDefault", func(t *testing.T) {
		cfg, probs := parse(t, base, nil)
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		if cfg.Audit.Anchors() || len(cfg.Audit.Keys()) != 0 {
			t.Fatalf("audit on by default: %+v", cfg.Audit)
		}
		var b bytes.Buffer
		cfg.Summary(&b)
		if !strings.Contains(b.String(), "Audit: unkeyed SHA-256: anyone who can write Redis can rewrite a timeline") {
			t.Errorf("summary:\n%s", b.String())
		}
	})
	t.Run("KeyTurnsAnchorsOn", func(t *testing.T) {
		cfg, probs := parse(t, base+"audit: {key_env: AUDIT_KEY}\n", map[string]string{"AUDIT_KEY": k1 + "," + k2})
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		if got := cfg.Audit.Keys(); len(got) != 2 || got[0] != k1 || cfg.Audit.Anchor != DefaultAnchor {
			t.Fatalf("audit: %v %q", got, cfg.Audit.Anchor)
		}
		var b bytes.Buffer
		cfg.Summary(&b)
		if s := b.String(); !strings.Contains(s, "Audit: keyed with HMAC-SHA256 (2 key(s)") || strings.Contains(s, k1) {
			t.Errorf("summary:\n%s", s)
		}
	})
	t.Run("Off", func(t *testing.T) {
		cfg, probs := parse(t, base+"audit: {key_env: AUDIT_KEY, anchor: \"off\"}\n", map[string]string{"AUDIT_KEY": k1})
		if len(probs) > 0 || cfg.Audit.Anchors() {
			t.Fatalf("%v %+v", probs, cfg.Audit)
		}
	})
	runRules(t, []ruleCase{
		{name: "ErrShortKey", src: base + "audit: {key_env: AUDIT_KEY}\n", env: map[string]string{"AUDIT_KEY": k1 + ",short"},
			want: []string{"audit.key: audit key 2 has 5 bytes; at least 32 are needed"}},
		{name: "ErrAnchorSpec", src: base + "audit: {anchor: \"10 0 * *\"}\n", want: []string{"audit.anchor: want 5 fields"}},
		{name: "ErrUnknownKey", src: base + "audit: {keys_env: X}\n", want: []string{`unknown key "keys_env" in audit`}},
	})
}

func TestSlackOrigin(t *testing.T) {
	slack := "slack: {bot_token_env: SLACK_BOT, signing_secret_env: SLACK_SIGNING, app_id: %s, team_id: %s}\n"
	vars := map[string]string{"SLACK_BOT": "xoxb-1", "SLACK_SIGNING": "s"}
	runRules(t, []ruleCase{
		{name: "OK", src: base + fmt.Sprintf(slack, "A0123ABCD", "T0123ABCD"), env: vars},
		{name: "ErrAppID", src: base + fmt.Sprintf(slack, "T0123ABCD", "T0123ABCD"), env: vars, want: []string{"slack.app_id: must be a Slack ID like A0123ABCD"}},
		{name: "ErrTeamID", src: base + fmt.Sprintf(slack, "A0123ABCD", "'#ops'"), env: vars, want: []string{"slack.team_id: must be a Slack ID like T0123ABCD"}},
	})
}
