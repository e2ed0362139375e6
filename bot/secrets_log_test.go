package bot_test

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// Every secret, set to a value nobody could mistake. (The fake Slack takes
// only its own bot token, slacktest.BotToken: that one is scanned for too.)
var recognisable = map[string]string{
	"GENERIC_TOKEN":  "SECRET-generic-token-5c1f",
	"GENERIC_HMAC":   "SECRET-generic-hmac-8e2a",
	"AM_TOKEN":       "SECRET-alertmanager-token-77b0",
	"GRAFANA_HMAC":   "SECRET-grafana-hmac-3d9c",
	"API_TOKEN":      "SECRET-api-token-a41e",
	"SLACK_SIGNING":  "SECRET-slack-signing-0b6d",
	"DISCORD_TOKEN":  "SECRET-discord-bot-token-f00d",
	"PD_ACME":        "SECRETPDACMEROUTINGKEY0000000001",
	"PD_NOC":         "SECRETPDNOCROUTINGKEY00000000002",
	"PD_API":         "SECRET-pagerduty-api-token-9a9a",
	"PD_HOOKS":       "SECRET-pd-webhook-old-1111,SECRET-pd-webhook-new-2222",
	"REDIS_PASSWORD": "SECRET-redis-password-beef",
	"METRICS_TOKEN":  "SECRET-metrics-token-c0de",
	"AUDIT_KEY":      "SECRET-audit-key-new-0123456789abcdef,SECRET-audit-key-old-0123456789abcdef",
}

// secretsYAML: every integration configured, the generic HMAC secret from
// a file, Redis behind a password.
const secretsYAML = `timezone: America/Chicago
redis: {url: "REDIS_URL", prefix: "PREFIX", password_env: REDIS_PASSWORD}
calendars:
  office:
    business_hours: [{days: [mon, tue, wed, thu, fri], start: "08:00", end: "18:00"}]
teams:
  acme-it:
    side: internal
    members: [{name: Alice, slack: U01ALICE, discord: "111", pagerduty: PALICE}]
    slack_channel: C01OPS
    pagerduty: {routing_key_env: PD_ACME}
  noc:
    side: msp
    scope: [database]
    members: [{name: Nora, slack: U02NORA, discord: "333"}]
    discord_channel: "2222"
    pagerduty: {routing_key_env: PD_NOC}
services: [{name: database, owner: acme-it, ladder: standard, severity: sev2}]
ladders:
  standard:
    calendar: office
    steps: [{notify: [acme-it], wait: 10s}, {notify: [noc]}]
reminders: {unacked_every: 2h, update_every: 2h}
sources:
  alertmanager: {token_env: AM_TOKEN}
  grafana: {hmac_secret_env: GRAFANA_HMAC}
  generic: {token_env: GENERIC_TOKEN, hmac_secret_file: HMAC_FILE}
slack: {bot_token_env: SLACK_BOT_TOKEN, signing_secret_env: SLACK_SIGNING, api_url: "SLACK_URL"}
discord: {bot_token_env: DISCORD_TOKEN, public_key: "PUBKEY", application_id: "APP", guild_id: "GUILD", api_url: "DISCORD_URL"}
pagerduty: {events_url: "PD_URL", api_url: "PD_URL", api_token_env: PD_API, webhook_secret_env: PD_HOOKS}
api: {token_env: API_TOKEN}
metrics: {token_env: METRICS_TOKEN}
audit: {key_env: AUDIT_KEY, anchor: "* * * * *"}
`

// A full run with every secret set to a recognisable value: alerts from
// every source, Slack, Discord and PagerDuty in both directions, refused
// requests of every kind, failing chat and paging calls, and Redis down
// and back. Neither the log (at debug level) nor the console output shows
// any secret, as is or base64-encoded.
func TestSecretsNeverLogged(t *testing.T) {
	srv := redistest.Start(t, "--requirepass", recognisable["REDIS_PASSWORD"])
	slack := slacktest.New(t)
	slack.AddChannel("C01OPS", "acme-it")
	disc := discordtest.Start(t, recognisable["DISCORD_TOKEN"])
	disc.AddChannel("2222", "noc-desk", discordtest.TypeText)
	pd := pagerdutytest.New(t)
	pd.Token = recognisable["PD_API"]
	sender := discordtest.NewSender("", discordApp, discordGuild)
	dir := t.TempDir()
	hmacFile := filepath.Join(dir, "generic-hmac")
	if err := os.WriteFile(hmacFile, []byte(recognisable["GENERIC_HMAC"]+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	yaml := strings.NewReplacer("REDIS_URL", srv.URL(), "PREFIX", redistest.Prefix(t), "HMAC_FILE", hmacFile, "SLACK_URL", slack.APIURL(),
		"PUBKEY", sender.PublicKey(), "APP", discordApp, "GUILD", discordGuild, "DISCORD_URL", disc.APIURL(), "PD_URL", pd.URL).Replace(secretsYAML)
	env := map[string]string{"SLACK_BOT_TOKEN": slacktest.BotToken}
	for k, v := range recognisable {
		env[k] = v
	}
	var logs bottest.Buffer
	b := bottest.Start(t, bottest.Config(t, yaml, env), bot.Options{
		Logger: slog.New(slog.NewTextHandler(io.MultiWriter(&logs), &slog.HandlerOptions{Level: slog.LevelDebug}))})
	sender.URL = b.URL + "/discord/interactions"
	ctx := context.Background()

	// Calls that fail: the errors are logged.
	slack.FailNext("chat.postMessage", 1, 500, 0)
	slack.FailNextWith("conversations.invite", 1, "invalid_auth")
	disc.Fail(discordtest.RouteCreateMessage, 1, 401, 0, "401: Unauthorized")
	pd.FailNext(1, 400)

	// Alerts from every source, with good and bad credentials.
	ts0 := strconv.FormatInt(time.Now().Unix(), 10)
	generic := `{"summary":"Disk full on db-01","dedup_key":"disk-db-01","service":"database"}`
	for _, r := range []struct {
		path, body string
		header     map[string]string
		code       int
	}{
		{"/webhooks/generic", generic, map[string]string{"Authorization": "Bearer " + recognisable["GENERIC_TOKEN"]}, 202},
		{"/webhooks/generic", generic, map[string]string{"X-Tandem-Signature": "sha256=" + hmacHex(recognisable["GENERIC_HMAC"], generic)}, 202},
		{"/webhooks/generic", generic, map[string]string{"Authorization": "Bearer " + recognisable["GENERIC_TOKEN"] + "x"}, 401},
		{"/webhooks/alertmanager", amBatch(1, 0, 2), map[string]string{"Authorization": "Bearer " + recognisable["AM_TOKEN"]}, 202},
		{"/webhooks/alertmanager", amBatch(1, 0, 2), map[string]string{"Authorization": "Bearer " + recognisable["GENERIC_TOKEN"]}, 401},
		{"/webhooks/grafana", `{}`, map[string]string{"X-Tandem-Signature": "sha256=" + hmacHex(recognisable["GRAFANA_HMAC"], `{}`)}, 400},
		{"/webhooks/grafana", `{}`, map[string]string{"X-Tandem-Signature": "sha256=" + hmacHex(recognisable["AM_TOKEN"], `{}`)}, 401},
		{"/webhooks/generic", generic, map[string]string{bot.TimestampHeader: ts0, bot.SignatureHeader: bot.Sign(recognisable["GENERIC_HMAC"], ts0, []byte(generic))}, 202},
		{"/webhooks/generic", generic, map[string]string{bot.TimestampHeader: "1", bot.SignatureHeader: bot.Sign(recognisable["GENERIC_HMAC"], "1", []byte(generic))}, 401},
	} {
		if code, body := bottest.Do(t, "POST", b.URL+r.path, r.body, r.header); code != r.code {
			t.Fatalf("%s: %d %s, want %d", r.path, code, body, r.code)
		}
	}
	bottest.Eventually(t, 15*time.Second, func() bool { return len(pd.EventsFor("trigger", "")) >= 1 }, "a page through PagerDuty")

	// People act from Slack, Discord and PagerDuty; forgers are refused.
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	form := url.Values{"command": {"/incident"}, "text": {"ack INC-1"}, "user_id": {"U01ALICE"}, "channel_id": {"C01OPS"},
		"trigger_id": {"secrets.1"}, "response_url": {slack.URL + "/respond/secrets.1"}}.Encode()
	for _, sig := range []string{slacktest.Signature(recognisable["SLACK_SIGNING"], ts, []byte(form)), slacktest.Signature(recognisable["GRAFANA_HMAC"], ts, []byte(form))} {
		bottest.Do(t, "POST", b.URL+"/slack/commands", form, map[string]string{
			"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig})
	}
	dreply, err := sender.Command(discordtest.User{ID: "333", Username: "nora"}, "2222", "note", discordtest.String("text", "looking"))
	if err != nil {
		t.Fatal(err)
	}
	sender.Post([]byte(`{"type":1}`), map[string]string{"X-Signature-Timestamp": ts, "X-Signature-Ed25519": strings.Repeat("00", 64)})
	hook := pagerdutytest.Webhook{ID: "01SECRETS", Type: "incident.resolved", OccurredAt: now, Agent: pagerdutytest.User{ID: "PALICE", Name: "Alice"},
		Incident: pagerdutytest.Incident{ID: "PS1", Key: "INC-1/acme-it", Status: "resolved"}}
	hook.Send(t, b.URL+"/webhooks/pagerduty", "SECRET-pd-webhook-new-2222")
	pagerdutytest.Post(t, b.URL+"/webhooks/pagerduty", hook.Body(), map[string]string{"X-PagerDuty-Signature": "v1=" + strings.Repeat("ab", 32)})
	b.Service().Handle(ctx, chat.Request{Platform: "slack", User: "U02NORA", Text: "oncall"})
	bottest.Do(t, "GET", b.URL+"/api/v1/incidents/INC-1", "", map[string]string{"Authorization": "Bearer " + recognisable["API_TOKEN"]})
	bottest.Do(t, "GET", b.URL+"/api/v1/incidents", "", map[string]string{"Authorization": "Bearer " + recognisable["PD_API"]})
	bottest.Do(t, "GET", b.URL+"/metrics", "", map[string]string{"Authorization": "Bearer " + recognisable["METRICS_TOKEN"]})
	bottest.Do(t, "GET", b.URL+"/metrics", "", map[string]string{"Authorization": "Bearer " + recognisable["API_TOKEN"]})

	// Redis down and back: every store error is logged meanwhile.
	srv.Kill()
	bottest.Do(t, "POST", b.URL+"/webhooks/generic", generic, map[string]string{"Authorization": "Bearer " + recognisable["GENERIC_TOKEN"]})
	bottest.Do(t, "GET", b.URL+"/readyz", "", nil)
	time.Sleep(1500 * time.Millisecond)
	srv.Restart()
	bottest.Eventually(t, 20*time.Second, func() bool { return bottest.Status(b.URL+"/readyz") == 200 }, "ready again")
	bottest.Eventually(t, 20*time.Second, func() bool { return len(pd.EventsFor("resolve", "")) >= 1 }, "the resolution reached PagerDuty")
	b.Stop()

	out := logs.String() + b.Out.String()
	if !strings.Contains(out, "level=ERROR") || !strings.Contains(out, "level=WARN") {
		t.Fatalf("the run logged no errors or warnings: the scan would prove little:\n%s", out)
	}
	// Tokens that travel inside URLs are secrets too: the Discord
	// interaction's token (its follow-up URL) and the Slack response_url.
	secrets := []string{slacktest.BotToken, dreply.Token, slack.URL + "/respond/secrets.1"}
	for _, v := range recognisable {
		secrets = append(secrets, strings.Split(v, ",")...)
	}
	for _, s := range secrets {
		for _, form := range []string{s, base64.StdEncoding.EncodeToString([]byte(s)), base64.StdEncoding.EncodeToString([]byte(":" + s))} {
			if i := strings.Index(out, form); i >= 0 {
				t.Errorf("secret %q in the output: …%s…", s, out[max(0, i-200):min(len(out), i+len(form)+50)])
			}
		}
	}
	if os.Getenv("TANDEM_SHOW_LOGS") != "" {
		t.Log(out)
	}
	t.Logf("scanned %d lines of log and console output (%d errors, %d warnings) for %d secrets: none found",
		strings.Count(out, "\n"), strings.Count(out, "level=ERROR"), strings.Count(out, "level=WARN"), len(secrets))
}
