package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// testConfig is the demo's teams and ladder on a real Redis, with the
// generic webhook behind a bearer token.
func testConfig(t *testing.T, redisURL string) *config.Config {
	t.Helper()
	return bottest.Config(t, testYAML(t, redisURL, ""), testEnv)
}

var testEnv = map[string]string{"TOKEN": "s3cret", "HMAC": "hmac-key", "API_TOKEN": "api-token", "AM_TOKEN": "am-token"}

// testYAML is the demo config on redisURL; extraSources are more lines
// under sources:, indented by two spaces.
func testYAML(t *testing.T, redisURL, extraSources string) string {
	return strings.Replace(string(config.DemoYAML()), `redis: {url: ""}`,
		`redis: {url: "`+redisURL+`", prefix: "`+redistest.Prefix(t)+`"}
sources:
  generic: {token_env: TOKEN, hmac_secret_env: HMAC}
`+extraSources+`api: {token_env: API_TOKEN}`, 1)
}

const diskAlert = `{"summary":"Disk full on db-01","dedup_key":"disk-db-01","severity":"sev2","service":"database"}`

var auth = map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "application/json"}

// tuesday10 is business hours in the demo calendar (America/Chicago).
var tuesday10 = time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)

func incidentJSON(t *testing.T, b *bottest.Bot, id string) map[string]any {
	t.Helper()
	code, body := bottest.Do(t, "GET", b.URL+"/api/v1/incidents/"+id, "", map[string]string{"Authorization": "Bearer api-token"})
	if code != 200 {
		t.Fatalf("GET incident %s: %d %s", id, code, body)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func kinds(inc map[string]any) []string {
	var out []string
	for _, e := range inc["timeline"].([]any) {
		out = append(out, e.(map[string]any)["kind"].(string))
	}
	return out
}

func findEvent(inc map[string]any, kind string) map[string]any {
	for _, e := range inc["timeline"].([]any) {
		if m := e.(map[string]any); m["kind"] == kind {
			return m
		}
	}
	return nil
}

// The user's path: an alert arrives → an incident exists → its room shows
// it → a person acknowledges it → the timeline says so, with the side.
func TestAlertToAckEndToEnd(t *testing.T) {
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, testConfig(t, redistest.URL(t)), bot.Options{Now: clock.Now})

	for range 2 { // a repeated delivery changes nothing
		code, body := bottest.Do(t, "POST", b.URL+"/webhooks/generic", diskAlert, auth)
		if code != 202 || body != `{"alerts":1,"incidents":["INC-1"]}`+"\n" {
			t.Fatalf("webhook: %d %s", code, body)
		}
	}
	bottest.Eventually(t, 5*time.Second, func() bool {
		return strings.Contains(b.Out.String(), "of acme-it (internal, step 1)")
	}, "room, card and page in the console:\n%s", b.Out)
	if n := strings.Count(b.Out.String(), "room #inc-1-disk-full-on-db-01 created for"); n != 1 {
		t.Fatalf("room created %d times:\n%s", n, b.Out.String())
	}
	// The console prints the room before the outbox records room.created:
	// wait for the record, so the ack below comes after it on a loaded machine too.
	bottest.Eventually(t, 5*time.Second, func() bool { return findEvent(incidentJSON(t, b, "INC-1"), "room.created") != nil }, "room.created recorded")

	resp := b.Service().Handle(context.Background(), chat.Request{Platform: "console", User: "nora", Text: "ack INC-1"})
	if resp.Text != "✅ INC-1 acknowledged by Nora (MSP) from Console" {
		t.Fatalf("ack reply: %q", resp.Text)
	}
	again := b.Service().Handle(context.Background(), chat.Request{Platform: "console", User: "alice", Text: "ack INC-1"})
	if !again.Ephemeral || !strings.Contains(again.Text, "already acknowledged by Nora (MSP)") {
		t.Fatalf("second ack: %+v", again)
	}
	bottest.Eventually(t, 5*time.Second, func() bool {
		return strings.Contains(b.Out.String(), "✅ acknowledged by Nora (MSP)")
	}, "ack posted in the room:\n%s", b.Out)

	inc := incidentJSON(t, b, "INC-1")
	// The room and the first page race (both follow the opening at once).
	got := strings.Join(kinds(inc), ",")
	if got != "opened,alert.firing,room.created,paged,acked" && got != "opened,alert.firing,paged,room.created,acked" {
		t.Fatalf("timeline kinds %s, want opened, alert.firing, room.created and paged in either order, acked", got)
	}
	acked := findEvent(inc, "acked")["actor"].(map[string]any)
	if acked["side"] != "msp" || acked["name"] != "Nora" || acked["platform"] != "console" {
		t.Fatalf("acked actor %v", acked)
	}
	if inc["status"] != "acked" || inc["acked_by"].(map[string]any)["side"] != "msp" {
		t.Fatalf("incident %v", inc)
	}
	if n := strings.Count(b.Out.String(), "✅ acknowledged by"); n != 1 {
		t.Fatalf("ack posted %d times", n)
	}
}

func TestWebhookAuthAndValidation(t *testing.T) {
	b := bottest.Start(t, testConfig(t, redistest.URL(t)), bot.Options{})
	url := b.URL + "/webhooks/generic"
	sig := "sha256=" + hmacHex("hmac-key", diskAlert)
	tests := []struct {
		name   string
		body   string
		header map[string]string
		code   int
		errSub string
	}{
		{"NoCredentials", diskAlert, nil, 401, "missing or invalid credentials"},
		{"WrongToken", diskAlert, map[string]string{"Authorization": "Bearer nope"}, 401, "invalid credentials"},
		{"WrongSignature", diskAlert, map[string]string{"X-Tandem-Signature": "sha256=00"}, 401, "invalid credentials"},
		{"HMACOnly", diskAlert, map[string]string{"X-Tandem-Signature": sig}, 202, ""},
		{"BadJSON", `{"summary":`, auth, 400, "invalid JSON"},
		{"MissingSummary", `{"dedup_key":"x"}`, auth, 400, "summary: required"},
		{"BadSeverity", `{"summary":"x","severity":"urgent"}`, auth, 400, "severity"},
		{"TooLarge", `{"summary":"` + strings.Repeat("x", 1<<20) + `"}`, nil, 413, "1 MiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := bottest.Do(t, "POST", url, tc.body, tc.header)
			if code != tc.code || !strings.Contains(body, tc.errSub) {
				t.Fatalf("got %d %s, want %d with %q", code, body, tc.code, tc.errSub)
			}
			if code >= 400 && !strings.HasPrefix(body, `{"error":"`) {
				t.Fatalf("error body is not {\"error\":…}: %s", body)
			}
		})
	}
	// Nothing half-written by the refused requests: one incident, from HMACOnly.
	code, body := bottest.Do(t, "GET", b.URL+"/api/v1/incidents", "", map[string]string{"Authorization": "Bearer api-token"})
	if code != 200 || strings.Count(body, `"id":`) != 1 {
		t.Fatalf("incidents: %d %s", code, body)
	}
	if code, _ := bottest.Do(t, "GET", b.URL+"/api/v1/incidents", "", nil); code != 401 {
		t.Fatalf("API without token: %d", code)
	}
	if code, _ := bottest.Do(t, "GET", b.URL+"/api/v1/incidents/INC-99", "", map[string]string{"Authorization": "Bearer api-token"}); code != 404 {
		t.Fatalf("unknown incident: %d", code)
	}
	if code, body := bottest.Do(t, "GET", b.URL+"/api/v1/incidents?status=bogus", "", map[string]string{"Authorization": "Bearer api-token"}); code != 400 {
		t.Fatalf("bad status: %d %s", code, body)
	}
}

// With Redis down, webhooks answer 503 (so the source retries) and
// readiness fails; with Redis back, both recover without a restart.
func TestStoreDownAndBack(t *testing.T) {
	srv := redistest.Start(t)
	b := bottest.Start(t, testConfig(t, srv.URL()), bot.Options{})
	if code, body := bottest.Do(t, "GET", b.URL+"/readyz", "", nil); code != 200 {
		t.Fatalf("readyz: %d %s", code, body)
	}
	srv.Kill()
	code, body := bottest.Do(t, "POST", b.URL+"/webhooks/generic", diskAlert, auth)
	if code != 503 || !strings.Contains(body, `"error"`) {
		t.Fatalf("webhook with Redis down: %d %s", code, body)
	}
	if code, _ := bottest.Do(t, "GET", b.URL+"/readyz", "", nil); code != 503 {
		t.Fatalf("readyz with Redis down: %d", code)
	}
	if code, _ := bottest.Do(t, "GET", b.URL+"/healthz", "", nil); code != 200 {
		t.Fatalf("healthz must stay 200 (the process is alive): %d", code)
	}
	srv.Restart()
	bottest.Eventually(t, 10*time.Second, func() bool {
		code, _ := bottest.Do(t, "GET", b.URL+"/readyz", "", nil)
		return code == 200
	}, "readyz back to 200")
	code, body = bottest.Do(t, "POST", b.URL+"/webhooks/generic", diskAlert, auth)
	if code != 202 {
		t.Fatalf("webhook after Redis came back: %d %s", code, body)
	}
	bottest.Eventually(t, 30*time.Second, func() bool {
		return strings.Contains(b.Out.String(), "room #inc-1-disk-full-on-db-01 created for")
	}, "workers recovered and created the room:\n%s\nlogs:\n%s", b.Out, b.Logs)
}
