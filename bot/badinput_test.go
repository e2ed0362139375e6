package bot_test

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// everyEndpoint mounts every endpoint: the three monitoring sources (by
// token, by HMAC, by both), Slack, Discord, PagerDuty webhooks and the
// API. The noc's scope is the network only.
func everyEndpoint() bottest.Scenario {
	return bottest.Scenario{
		Teams: []bottest.Team{
			{Name: "acme-it", Side: "internal", NoRotation: true, SlackChannel: "C01OPS", PagerDutyKeyEnv: "PD_ACME",
				Members: []bottest.Member{{Name: "Alice", Slack: "U01ALICE", Discord: "111"}}},
			{Name: "noc", Side: "msp", Scope: []string{"network"}, NoRotation: true, SlackChannel: "C02NOC",
				Members: []bottest.Member{{Name: "Nora", Slack: "U02NORA", Discord: "333"}}},
		},
		Services: acme().Services,
		Ladders: []bottest.Ladder{{Name: "standard", Steps: []bottest.Step{
			{Notify: []string{"acme-it"}, Wait: "1h"}, {Notify: []string{"noc"}}}}},
		Sources: []bottest.Source{{Name: "alertmanager", Keys: "token_env: AM_TOKEN"}, {Name: "grafana", Keys: "hmac_secret_env: GRAFANA_HMAC"},
			{Name: "generic", Keys: "token_env: TOKEN, hmac_secret_env: HMAC"}},
		Slack:     &bottest.Slack{Channels: map[string]string{"C01OPS": "acme-it", "C02NOC": "noc"}, Keys: "team_id: TTEST, app_id: " + slacktest.AppID + ","},
		Discord:   &bottest.Discord{NoCategory: true},
		PagerDuty: &bottest.PagerDuty{EventsOnly: true, Keys: "webhook_secret_env: PD_HOOKS,"},
		YAML:      "reminders: {unacked_every: 2h, update_every: 2h}\nmetrics: {token_env: METRICS_TOKEN}\n",
		Env:       badEnv,
	}
}

// badEnv is every endpoint's secret.
var badEnv = map[string]string{"TOKEN": "s3cret", "HMAC": "hmac-key", "AM_TOKEN": "am-token", "GRAFANA_HMAC": "grafana-key",
	"API_TOKEN": "api-token", "SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_SIGNING_SECRET": slackSecret,
	"DISCORD_TOKEN": discordToken, "PD_ACME": pdKeyACME, "PD_HOOKS": "whsec-bad-input",
	"METRICS_TOKEN": "metrics-token"}

// state is what a request could change: incidents, timeline entries,
// effects waiting and timers (less the retries of deliveries under way:
// they come and go by themselves).
type state struct{ incidents, entries, outbox, timers int64 }

// stateOf reads the state; timerKeys lists the pending timers' IDs,
// straight from Redis.
func stateOf(t *testing.T, b *bottest.Bot, timerKeys func() ([]string, error)) state {
	t.Helper()
	ctx := context.Background()
	incs, err := b.Store().List(ctx, incident.StatusOpen, incident.StatusAcked, incident.StatusResolved)
	if err != nil {
		t.Fatal(err)
	}
	s := state{incidents: int64(len(incs))}
	for _, inc := range incs {
		tl, err := b.Store().Timeline(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		s.entries += int64(len(tl))
	}
	s.outbox, _ = b.Store().OutboxDepth(ctx)
	ids, err := timerKeys()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if id != "" && !strings.HasPrefix(id, "retry/") {
			s.timers++
		}
	}
	return s
}

// settle waits until nothing is left to deliver and the state holds still
// for a moment, so it only changes by what the next request does.
func settle(t *testing.T, b *bottest.Bot, timerKeys func() ([]string, error)) state {
	t.Helper()
	last := stateOf(t, b, timerKeys)
	bottest.Eventually(t, 10*time.Second, func() bool {
		time.Sleep(100 * time.Millisecond)
		s := stateOf(t, b, timerKeys)
		still := s == last && s.outbox == 0
		last = s
		return still
	}, "state settled")
	return last
}

// badRequest is one malformed, oversized, unsigned, expired, replayed or
// wrongly authorised request.
type badRequest struct {
	name   string
	method string
	path   string
	body   string
	header map[string]string
	code   int
	// want is in the answer (a clear message); "" only checks that a
	// refusal's body is not empty. notWant must not be.
	want, notWant string
	// changes is the state change allowed: a refusal on the timeline.
	changes state
}

func TestEveryEndpointRefusesBadInput(t *testing.T) {
	sc := everyEndpoint()
	sc.Redis = redistest.URL(t)
	w := sc.Start(t)
	b, slack, sender, redisURL, prefix := w.Bot, w.Slack, w.DiscordSend, sc.Redis, w.Prefix
	timerKeys := func() ([]string, error) {
		u, _ := url.Parse(redisURL)
		out, err := redistest.Command(u.Host, "HKEYS", prefix+"{default}:timers:data")
		return strings.Split(out, "\n"), err
	}

	// One incident to aim at.
	if code, body := bottest.Do(t, "POST", b.URL+"/webhooks/generic", diskAlert, auth); code != 202 {
		t.Fatalf("webhook: %d %s", code, body)
	}
	big := strings.Repeat("x", chat.MaxBody+1)
	now := time.Now()
	slackSigned := func(body string, at time.Time) map[string]string {
		ts := strconv.FormatInt(at.Unix(), 10)
		return map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
			"X-Slack-Signature": slacktest.Signature(slackSecret, ts, []byte(body))}
	}
	command := func(user, text, trigger string) string {
		return url.Values{"command": {"/incident"}, "text": {text}, "user_id": {user}, "channel_id": {"C01OPS"},
			"team_id": {"TTEST"}, "api_app_id": {slacktest.AppID}, "trigger_id": {trigger}, "response_url": {slack.URL + "/respond/" + trigger}}.Encode()
	}
	otherTeam := strings.Replace(command("U01ALICE", "resolve INC-1", "t8"), "team_id=TTEST", "team_id=TOTHER", 1)
	otherApp := strings.Replace(command("U01ALICE", "resolve INC-1", "t9"), "api_app_id="+slacktest.AppID, "api_app_id=AOTHER01", 1)
	discordSigned := func(body string, at time.Time) map[string]string {
		ts := strconv.FormatInt(at.Unix(), 10)
		return map[string]string{"Content-Type": "application/json", "X-Signature-Timestamp": ts, "X-Signature-Ed25519": sender.Sign(ts, []byte(body))}
	}
	pdSigned := func(body string) map[string]string {
		return map[string]string{"Content-Type": "application/json", "X-PagerDuty-Signature": pagerdutytest.Signature([]byte(body), "whsec-bad-input")}
	}
	sig := func(key, body string) map[string]string {
		m := hmac.New(sha256.New, []byte(key))
		m.Write([]byte(body))
		return map[string]string{"X-Tandem-Signature": "sha256=" + hex.EncodeToString(m.Sum(nil))}
	}
	// stamped signs body with the generic source's HMAC key and timestamp at;
	// sent is the X-Tandem-Timestamp to send ("" for the one signed).
	stamped := func(at time.Time, sent, body string) map[string]string {
		ts := strconv.FormatInt(at.Unix(), 10)
		return map[string]string{bot.TimestampHeader: cmp.Or(sent, ts), bot.SignatureHeader: bot.Sign("hmac-key", ts, []byte(body))}
	}
	// One body: a webhook without OccurredAt is stamped when it is written.
	pdHook := string(pagerdutytest.Webhook{ID: "01BADINPUT", Type: "incident.acknowledged", OccurredAt: now,
		Incident: pagerdutytest.Incident{ID: "PX1", Key: "INC-1/acme-it", Status: "acknowledged"}, Agent: pagerdutytest.User{ID: "PALICE", Name: "Alice"}}.Body())
	replayed := command("U01ALICE", "note INC-1 replay me", "replay.1")
	pdOther := string(pagerdutytest.Webhook{ID: "01OTHER", Type: "incident.acknowledged", OccurredAt: now,
		Incident: pagerdutytest.Incident{ID: "PX9", Key: "INC-99/acme-it"}}.Body())
	amBody := `{"version":"4","groupKey":"g","status":"firing","alerts":[]}`
	api := map[string]string{"Authorization": "Bearer api-token"}
	unsigned := map[string]string{"Content-Type": "application/json"}

	cases := []badRequest{
		// Monitoring webhooks.
		{name: "generic/unsigned", method: "POST", path: "/webhooks/generic", body: diskAlert, header: unsigned, code: 401, want: "missing or invalid credentials"},
		{name: "generic/wrong-token", method: "POST", path: "/webhooks/generic", body: diskAlert, header: map[string]string{"Authorization": "Bearer nope"}, code: 401, want: "invalid credentials"},
		{name: "generic/wrong-hmac", method: "POST", path: "/webhooks/generic", body: diskAlert, header: sig("not-the-key", diskAlert), code: 401, want: "invalid credentials"},
		{name: "generic/hmac-of-other-body", method: "POST", path: "/webhooks/generic", body: diskAlert, header: sig("hmac-key", "{}"), code: 401, want: "invalid credentials"},
		{name: "generic/timestamp-outside-window", method: "POST", path: "/webhooks/generic", body: diskAlert, header: stamped(now.Add(-6*time.Minute), "", diskAlert), code: 401, want: "the window is 5m0s"},
		{name: "generic/timestamp-from-the-future", method: "POST", path: "/webhooks/generic", body: diskAlert, header: stamped(now.Add(6*time.Minute), "", diskAlert), code: 401, want: "the window is 5m0s"},
		{name: "generic/timestamp-changed", method: "POST", path: "/webhooks/generic", body: diskAlert, header: stamped(now, strconv.FormatInt(now.Unix()+1, 10), diskAlert), code: 401, want: "does not match"},
		{name: "generic/timestamp-not-seconds", method: "POST", path: "/webhooks/generic", body: diskAlert, header: stamped(now, "yesterday", diskAlert), code: 401, want: "Unix seconds"},
		{name: "generic/malformed", method: "POST", path: "/webhooks/generic", body: `{"summary":`, header: auth, code: 400, want: "invalid JSON"},
		{name: "generic/not-an-object", method: "POST", path: "/webhooks/generic", body: `[1,2,3]`, header: auth, code: 400, want: ""},
		{name: "generic/missing-field", method: "POST", path: "/webhooks/generic", body: `{"dedup_key":"x"}`, header: auth, code: 400, want: "summary: required"},
		{name: "generic/bad-severity", method: "POST", path: "/webhooks/generic", body: `{"summary":"x","severity":"urgent"}`, header: auth, code: 400, want: "severity"},
		{name: "generic/oversized-unsigned", method: "POST", path: "/webhooks/generic", body: `{"summary":"` + big + `"}`, header: unsigned, code: 413, want: "1 MiB"},
		{name: "generic/oversized-signed", method: "POST", path: "/webhooks/generic", body: `{"summary":"` + big + `"}`, header: auth, code: 413, want: "1 MiB"},
		{name: "generic/replayed", method: "POST", path: "/webhooks/generic", body: diskAlert, header: auth, code: 202, want: `"INC-1"`},
		{name: "generic/wrong-method", method: "GET", path: "/webhooks/generic", code: 405},
		{name: "alertmanager/unsigned", method: "POST", path: "/webhooks/alertmanager", body: amBody, header: unsigned, code: 401, want: "credentials"},
		{name: "alertmanager/malformed", method: "POST", path: "/webhooks/alertmanager", body: `{"version":`, header: map[string]string{"Authorization": "Bearer am-token"}, code: 400, want: "JSON"},
		{name: "alertmanager/wrong-version", method: "POST", path: "/webhooks/alertmanager", body: `{"version":"3","groupKey":"g","status":"firing","alerts":[]}`, header: map[string]string{"Authorization": "Bearer am-token"}, code: 400, want: "version"},
		{name: "alertmanager/oversized", method: "POST", path: "/webhooks/alertmanager", body: big, header: unsigned, code: 413, want: "1 MiB"},
		{name: "grafana/unsigned", method: "POST", path: "/webhooks/grafana", body: `{}`, header: unsigned, code: 401, want: "credentials"},
		{name: "grafana/token-not-configured", method: "POST", path: "/webhooks/grafana", body: `{}`, header: map[string]string{"Authorization": "Bearer s3cret"}, code: 401, want: "credentials"},
		{name: "grafana/malformed", method: "POST", path: "/webhooks/grafana", body: `{"alerts":`, header: sig("grafana-key", `{"alerts":`), code: 400, want: "JSON"},
		{name: "grafana/oversized", method: "POST", path: "/webhooks/grafana", body: big, header: unsigned, code: 413, want: "1 MiB"},

		// Slack.
		{name: "slack/unsigned", method: "POST", path: "/slack/commands", body: command("U01ALICE", "ack INC-1", "t1"), header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, code: 401, want: "signature"},
		{name: "slack/wrong-signature", method: "POST", path: "/slack/commands", body: command("U01ALICE", "ack INC-1", "t2"),
			header: map[string]string{"X-Slack-Request-Timestamp": strconv.FormatInt(now.Unix(), 10), "X-Slack-Signature": "v0=" + strings.Repeat("ab", 32)}, code: 401, want: "signature"},
		{name: "slack/expired", method: "POST", path: "/slack/commands", body: command("U01ALICE", "ack INC-1", "t3"), header: slackSigned(command("U01ALICE", "ack INC-1", "t3"), now.Add(-6*time.Minute)), code: 401, want: ""},
		{name: "slack/from-the-future", method: "POST", path: "/slack/commands", body: command("U01ALICE", "ack INC-1", "t4"), header: slackSigned(command("U01ALICE", "ack INC-1", "t4"), now.Add(6*time.Minute)), code: 401, want: ""},
		{name: "slack/malformed-interaction", method: "POST", path: "/slack/interactions", body: "payload=%7Bnot-json", header: slackSigned("payload=%7Bnot-json", now), code: 400, want: ""},
		{name: "slack/malformed-event", method: "POST", path: "/slack/events", body: `{"type":`, header: slackSigned(`{"type":`, now), code: 400, want: ""},
		{name: "slack/oversized", method: "POST", path: "/slack/commands", body: big, header: slackSigned(big, now), code: 413, want: "1 MiB"},
		{name: "slack/events-unsigned", method: "POST", path: "/slack/events", body: `{"type":"url_verification","challenge":"c"}`, header: unsigned, code: 401, want: "signature"},
		// An unknown Slack user: refused in a private answer (Slack shows
		// only a 200's message), nothing else, not even a timeline entry.
		// An MSP member outside the MSP's scope (the incident's service is
		// database; noc's scope is network): a private answer and a
		// refused entry on the timeline.
		{name: "slack/unknown-user", method: "POST", path: "/slack/commands", body: command("U0STRANGER", "ack INC-1", "t5"), header: slackSigned(command("U0STRANGER", "ack INC-1", "t5"), now), code: 200, want: "does not know you"},
		{name: "slack/outside-msp-scope", method: "POST", path: "/slack/commands", body: command("U02NORA", "resolve INC-1", "t6"), header: slackSigned(command("U02NORA", "resolve INC-1", "t6"), now), code: 200, want: "outside noc's scope", changes: state{entries: 1}},
		// Nor does the MSP member see it listed.
		{name: "slack/other-workspace", method: "POST", path: "/slack/commands", body: otherTeam, header: slackSigned(otherTeam, now), code: 200, want: "comes from Slack workspace"},
		{name: "slack/other-app", method: "POST", path: "/slack/commands", body: otherApp, header: slackSigned(otherApp, now), code: 200, want: "is for Slack app"},
		{name: "slack/list-outside-msp-scope", method: "POST", path: "/slack/commands", body: command("U02NORA", "list", "t7"), header: slackSigned(command("U02NORA", "list", "t7"), now), code: 200, want: "No open incidents", notWant: "Disk full"},

		// Discord.
		{name: "discord/unsigned", method: "POST", path: "/discord/interactions", body: `{"type":1}`, header: unsigned, code: 401, want: "invalid request signature"},
		{name: "discord/wrong-signature", method: "POST", path: "/discord/interactions", body: `{"type":1}`,
			header: map[string]string{"X-Signature-Timestamp": strconv.FormatInt(now.Unix(), 10), "X-Signature-Ed25519": strings.Repeat("ab", 64)}, code: 401, want: "invalid request signature"},
		{name: "discord/signed-other-body", method: "POST", path: "/discord/interactions", body: `{"type":2}`, header: discordSigned(`{"type":1}`, now), code: 401, want: "invalid request signature"},
		{name: "discord/expired", method: "POST", path: "/discord/interactions", body: `{"type":1}`, header: discordSigned(`{"type":1}`, now.Add(-10*time.Minute)), code: 401, want: "invalid request signature"},
		{name: "discord/malformed", method: "POST", path: "/discord/interactions", body: `{"type":`, header: discordSigned(`{"type":`, now), code: 400, want: ""},
		{name: "discord/oversized", method: "POST", path: "/discord/interactions", body: big, header: unsigned, code: 413, want: "1 MiB"},

		// PagerDuty.
		{name: "pagerduty/unsigned", method: "POST", path: "/webhooks/pagerduty", body: pdHook, header: unsigned, code: 401, want: "X-PagerDuty-Signature"},
		{name: "pagerduty/wrong-secret", method: "POST", path: "/webhooks/pagerduty", body: pdHook,
			header: map[string]string{"X-PagerDuty-Signature": pagerdutytest.Signature([]byte(pdHook), "whsec-other")}, code: 401, want: "X-PagerDuty-Signature"},
		{name: "pagerduty/malformed", method: "POST", path: "/webhooks/pagerduty", body: `{"event":`, header: pdSigned(`{"event":`), code: 400, want: ""},
		{name: "pagerduty/oversized", method: "POST", path: "/webhooks/pagerduty", body: big, header: unsigned, code: 413, want: "1 MiB"},
		{name: "pagerduty/unknown-incident", method: "POST", path: "/webhooks/pagerduty", code: 200, want: "ignored", body: pdOther, header: pdSigned(pdOther)},

		// The API.
		{name: "api/no-token", method: "GET", path: "/api/v1/incidents", code: 401, want: "API token"},
		{name: "api/wrong-token", method: "GET", path: "/api/v1/incidents/INC-1", header: map[string]string{"Authorization": "Bearer s3cret"}, code: 401, want: "API token"},
		{name: "api/basic-auth", method: "GET", path: "/api/v1/incidents", header: map[string]string{"Authorization": "Basic YXBpLXRva2Vu"}, code: 401, want: "API token"},
		{name: "api/bad-status", method: "GET", path: "/api/v1/incidents?status=bogus", header: api, code: 400, want: "status"},
		{name: "api/unknown-incident", method: "GET", path: "/api/v1/incidents/INC-99", header: api, code: 404, want: "INC-99"},
		{name: "api/not-an-id", method: "GET", path: "/api/v1/incidents/..%2F..%2Fetc", header: api, code: 404, want: ""},
		{name: "api/write", method: "POST", path: "/api/v1/incidents", body: diskAlert, header: api, code: 405},
		{name: "api/report-no-token", method: "GET", path: "/api/v1/report", code: 401, want: "API token"},
		{name: "api/report-bad-to", method: "GET", path: "/api/v1/report?to=2026-13-01", header: api, code: 400, want: "to: "},
		{name: "api/report-backwards", method: "GET", path: "/api/v1/report?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", header: api, code: 400, want: "before"},
		{name: "api/report-too-long", method: "GET", path: "/api/v1/report?from=2020-01-01T00:00:00Z&to=2026-12-01T00:00:00Z", header: api, code: 400, want: "400 days"},
		// Metrics, with metrics.token_env set.
		{name: "metrics/no-token", method: "GET", path: "/metrics", code: 401, want: "metrics token"},
		{name: "metrics/wrong-token", method: "GET", path: "/metrics", header: map[string]string{"Authorization": "Bearer api-token"}, code: 401, want: "metrics token"},
		{name: "unknown-path", method: "POST", path: "/webhooks/nagios", body: diskAlert, header: auth, code: 404},
	}
	// Replays: the same signed delivery twice; the first changes the
	// state (a note; an acknowledgement from PagerDuty), the second nothing.
	first := []struct {
		name, path, body string
		header           map[string]string
	}{
		{"slack/replayed", "/slack/commands", replayed, slackSigned(replayed, now)},
		{"pagerduty/replayed", "/webhooks/pagerduty", pdHook, pdSigned(pdHook)},
	}
	for _, f := range first {
		if code, body := bottest.Do(t, "POST", b.URL+f.path, f.body, f.header); code != 200 {
			t.Fatalf("%s, first delivery: %d %s", f.name, code, body)
		}
		cases = append(cases, badRequest{name: f.name, method: "POST", path: f.path, body: f.body, header: f.header, code: 200})
	}
	cases = append(cases, discordReplays(t, sender, now)...)

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := settle(t, b, timerKeys)
			code, body := bottest.Do(t, tc.method, b.URL+tc.path, tc.body, tc.header)
			if code != tc.code || !strings.Contains(body, tc.want) || (tc.notWant != "" && strings.Contains(body, tc.notWant)) {
				t.Errorf("%s %s: %d %.300s, want %d with %q (and without %q)", tc.method, tc.path, code, body, tc.code, tc.want, tc.notWant)
			}
			if code >= 400 && code != 404 && code != 405 && strings.TrimSpace(body) == "" {
				t.Errorf("%d with an empty body: a refusal must say why", code)
			}
			if code >= 400 && strings.HasPrefix(tc.path, "/webhooks/") && code != 404 && code != 405 && !strings.HasPrefix(body, `{"error":"`) {
				t.Errorf("webhook error is not {\"error\": …}: %s", body)
			}
			after := settle(t, b, timerKeys)
			want := before
			want.entries += tc.changes.entries
			if after.incidents != want.incidents || after.entries != want.entries || after.timers != want.timers {
				t.Errorf("state changed: %+v → %+v (allowed: %+v)", before, after, tc.changes)
			}
		})
	}
	tl, err := b.Store().Timeline(context.Background(), "INC-1")
	if err != nil {
		t.Fatal(err)
	}
	if n := countKind(tl, incident.KindRefused); n != 1 {
		t.Errorf("%d refusals on the timeline, want 1 (the MSP member outside the scope; never the stranger): %s", n, fmt.Sprint(kindsOf(tl)))
	}
}

func countKind(tl []incident.Event, k incident.Kind) int {
	n := 0
	for _, e := range tl {
		if e.Kind == k {
			n++
		}
	}
	return n
}

func kindsOf(tl []incident.Event) []string {
	out := make([]string, len(tl))
	for i, e := range tl {
		out[i] = string(e.Kind)
	}
	return out
}

// An endpoint whose secret is not configured is not mounted (DESIGN §4):
// no monitoring source, no API token, Slack with a bot token but no
// signing secret, Discord without a public key, PagerDuty without webhook
// secrets. Only the embedded demo opens the generic webhook and the API
// without credentials (its config is fixed on 127.0.0.1: config.TestDemo).
func TestEndpointsWithoutSecretsAreNotMounted(t *testing.T) {
	slack := slacktest.New(t)
	disc := discordtest.Start(t, discordToken)
	pd := pagerdutytest.New(t)
	yaml := strings.NewReplacer("REDIS", redistest.URL(t), "PREFIX", redistest.Prefix(t), "SLACK_URL", slack.APIURL(),
		"APP", discordApp, "GUILD", discordGuild, "DISCORD_URL", disc.APIURL(), "PD_URL", pd.URL).Replace(`timezone: UTC
redis: {url: "REDIS", prefix: "PREFIX"}
teams:
  acme-it: {side: internal, members: [{name: Alice}], pagerduty: {routing_key_env: PD_ACME}}
calendars: {office: {business_hours: [{days: [mon], start: "08:00", end: "18:00"}]}}
services: [{name: database, owner: acme-it, ladder: standard}]
ladders: {standard: {calendar: office, steps: [{notify: [acme-it]}]}}
slack: {bot_token_env: SLACK_BOT_TOKEN, api_url: "SLACK_URL"}
discord: {bot_token_env: DISCORD_TOKEN, application_id: "APP", guild_id: "GUILD", api_url: "DISCORD_URL"}
pagerduty: {events_url: "PD_URL"}
`)
	b := bottest.Start(t, bottest.Config(t, yaml, badEnv), bot.Options{})
	for _, path := range []string{"/webhooks/generic", "/webhooks/alertmanager", "/webhooks/grafana", "/webhooks/pagerduty",
		"/slack/commands", "/slack/interactions", "/slack/events", "/discord/interactions"} {
		if code, body := bottest.Do(t, "POST", b.URL+path, diskAlert, nil); code != 404 {
			t.Errorf("POST %s: %d %s, want 404 (not mounted)", path, code, body)
		}
	}
	if code, _ := bottest.Do(t, "GET", b.URL+"/api/v1/incidents", "", nil); code != 404 {
		t.Errorf("GET /api/v1/incidents: %d, want 404 (not mounted)", code)
	}
	if code, _ := bottest.Do(t, "GET", b.URL+"/healthz", "", nil); code != 200 {
		t.Errorf("healthz: %d", code)
	}

	demo := config.Demo()
	demo.Redis.URL, demo.Redis.Prefix = redistest.URL(t), redistest.Prefix(t)
	d := bottest.Start(t, demo, bot.Options{Demo: true})
	if code, body := bottest.Do(t, "POST", d.URL+"/webhooks/generic", diskAlert, nil); code != 202 {
		t.Errorf("demo generic webhook without credentials: %d %s", code, body)
	}
	if code, body := bottest.Do(t, "GET", d.URL+"/api/v1/incidents", "", nil); code != 200 {
		t.Errorf("demo API without a token: %d %s", code, body)
	}
	// DNS rebinding: a page on another name that resolves to 127.0.0.1
	// reaches the port, but its Host says so; loopback names pass.
	for host, want := range map[string]int{"evil.example": 403, "evil.example:8080": 403, "127.0.0.1.nip.io": 403,
		"localhost:8080": 200, "127.0.0.1": 200, "[::1]:8080": 200} {
		req, _ := http.NewRequest("GET", d.URL+"/api/v1/incidents", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || (want == 403 && !strings.Contains(string(body), "DNS rebinding")) {
			t.Errorf("demo with Host %s: %d %s, want %d", host, resp.StatusCode, body, want)
		}
	}
}

// A client that sends its headers slowly (or never finishes them) is cut
// off by the server's read-header timeout instead of holding a connection
// for ever (DESIGN §4: servers have read, write and idle timeouts).
func TestSlowClientIsCutOff(t *testing.T) {
	t.Parallel()
	b := bottest.Start(t, testConfig(t, redistest.URL(t)), bot.Options{})
	conn, err := net.Dial("tcp", strings.TrimPrefix(b.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := conn.Write([]byte("POST /webhooks/generic HTTP/1.1\r\nHost: tandem\r\nAuthorization: Bearer s3cret\r\n")); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(15 * time.Second))
	buf := make([]byte, 512)
	for {
		if _, err := conn.Read(buf); err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("the connection was still open after 15 s")
			}
			break // closed by the server
		}
	}
	t.Logf("a client that never finished its headers was cut off after %v", time.Since(start).Round(100*time.Millisecond))
}

// discordReplays sends one signed note from Discord, and returns its
// replay (the same signed interaction again: answered "already handled",
// nothing changed) and the same interaction from another server with a new
// ID and a valid signature (refused there, nothing changed).
func discordReplays(t *testing.T, sender *discordtest.Sender, now time.Time) []badRequest {
	t.Helper()
	alice := discordtest.User{ID: "111", Username: "alice"}
	if r, err := sender.Command(alice, "2222", "note", discordtest.String("id", "INC-1"), discordtest.String("text", "replay me")); err != nil || r.Ephemeral() {
		t.Fatalf("discord note, first delivery: %v %+v", err, r)
	}
	first := sender.Last()
	var other map[string]any
	if err := json.Unmarshal(first.Body, &other); err != nil {
		t.Fatal(err)
	}
	other["id"], other["guild_id"] = "2999999999999999999", "900000000000000099"
	otherBody, err := json.Marshal(other)
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	signed := map[string]string{"Content-Type": "application/json", "X-Signature-Timestamp": ts, "X-Signature-Ed25519": sender.Sign(ts, otherBody)}
	return []badRequest{
		{name: "discord/replayed", method: "POST", path: "/discord/interactions", body: string(first.Body), header: first.Header, code: 200, want: "already handled"},
		{name: "discord/other-guild", method: "POST", path: "/discord/interactions", body: string(otherBody), header: signed, code: 200, want: "this is not it"},
	}
}
