package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// The routing keys of the two teams tandem init writes (32 characters, as
// PagerDuty's are).
const (
	keyIT  = "R0UTINGKEYINTERNALTEAM0000000001"
	keyMSP = "R0UTINGKEYMSPTEAM000000000000002"
)

// initWorld is what the init → doctor tests run against: a real Redis with
// AOF on, a fake Slack with the team's channel, a fake PagerDuty, and the
// config tandem init wrote for them, with its secrets in the environment.
type initWorld struct {
	slack *slacktest.Server
	pd    *pagerdutytest.Server
	path  string
	base  string // http://addr of the bot the config describes
}

func newInitWorld(t *testing.T) *initWorld {
	t.Helper()
	redistest.NeedReal(t)
	w := &initWorld{slack: slacktest.New(t), pd: pagerdutytest.New(t)}
	w.slack.AddChannel("C01OPS", "ops")
	redis := redistest.Start(t, "--appendonly", "yes")
	addr := freeAddr(t)
	w.base = "http://" + addr
	dir := t.TempDir()
	code, out, errOut := runCLI("init", "--non-interactive", "--dir", dir, "--timezone", "Europe/Berlin",
		"--internal", "Alice <alice@example.com>, bob@example.com", "--msp", "Nora <nora@msp.example>",
		"--internal-channel", "C01OPS", "--redis-url", redis.URL(), "--addr", addr,
		"--slack-api-url", w.slack.APIURL(), "--pagerduty-url", w.pd.URL)
	if code != 0 {
		t.Fatalf("tandem init: exit %d\n%s%s", code, out, errOut)
	}
	w.path = filepath.Join(dir, "tandem.yaml")
	for k, v := range map[string]string{"TANDEM_SLACK_BOT_TOKEN": slacktest.BotToken, "TANDEM_SLACK_SIGNING_SECRET": "signing-secret",
		"TANDEM_PD_IT": keyIT, "TANDEM_PD_MSP": keyMSP, "TANDEM_ALERTMANAGER_TOKEN": "am-token", "TANDEM_GRAFANA_TOKEN": "grafana-token"} {
		t.Setenv(k, v)
	}
	return w
}

// failures are doctor's ✗ lines.
func failures(out string) []string {
	var bad []string
	for l := range strings.Lines(out) {
		if strings.HasPrefix(l, "✗") {
			bad = append(bad, strings.TrimSpace(l))
		}
	}
	return bad
}

// tandem init's config, checked by tandem doctor against the fakes: all
// green; then one thing broken at a time, each named on one ✗ line with
// exit 1, and green again once repaired.
func TestInitThenDoctor(t *testing.T) {
	w := newInitWorld(t)
	code, out, errOut := runCLI("doctor", "--config", w.path)
	if code != 0 || len(failures(out)) > 0 || !strings.Contains(out, "all checks passed") {
		t.Fatalf("doctor on a fresh init: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"✓ Redis persistence: AOF on", "✓ Slack scopes", "✓ Slack channel C01OPS: #ops",
		"✓ PagerDuty routing key of it", "✓ PagerDuty routing key of msp", "webhook_configs:", w.base + "/webhooks/grafana"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
	if n := len(w.pd.ChangeEvents()); n != 2 || len(w.pd.Events()) != 0 {
		t.Errorf("doctor sent %d change events and %d alert events; want 2 change events (one per routing key) and no page", n, len(w.pd.Events()))
	}

	breaks := []struct {
		name, want   string
		break_, mend func(t *testing.T)
	}{
		{"wrong token", "✗ Slack bot token: Slack refused it: slack auth.test: invalid_auth",
			func(t *testing.T) { t.Setenv("TANDEM_SLACK_BOT_TOKEN", "xoxb-not-this-one") }, func(*testing.T) {}},
		{"missing scope", "✗ Slack scopes: the token lacks pins:write",
			func(*testing.T) { w.slack.WithoutScope("pins:write") }, func(*testing.T) { w.slack.SetScopes(slacktest.DefaultScopes...) }},
		{"AOF off", "✗ Redis persistence: AOF off",
			func(t *testing.T) { t.Setenv("TANDEM_REDIS_URL", redistest.Start(t).URL()) }, func(*testing.T) {}},
		{"routing key refused", "✗ PagerDuty routing key of msp: PagerDuty refused a change event: 400 Bad Request: Event object is invalid: Invalid routing key",
			func(*testing.T) { w.pd.RefuseRoutingKey(keyMSP) }, func(*testing.T) { w.pd.AcceptRoutingKey(keyMSP) }},
		{"secret missing", "✗ PagerDuty routing key of msp: env TANDEM_PD_MSP is empty or missing",
			func(t *testing.T) { t.Setenv("TANDEM_PD_MSP", "") }, func(*testing.T) {}},
		{"bot not in channel", "✗ Slack channel C01OPS: the bot is not in #ops (teams.it.slack_channel)",
			func(*testing.T) { w.slack.RemoveBot("C01OPS") }, func(*testing.T) {}},
	}
	for _, b := range breaks {
		t.Run(b.name, func(t *testing.T) {
			b.break_(t)
			defer b.mend(t)
			code, out, _ := runCLI("doctor", "--config", w.path)
			if bad := failures(out); code != 1 || len(bad) != 1 || !strings.HasPrefix(bad[0], b.want) {
				t.Errorf("exit %d, failures %q; want exit 1 and one failure %q\n%s", code, bad, b.want, out)
			}
		})
	}
}
