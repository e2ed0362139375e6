package bot_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// A monitoring webhook signed with the HMAC option carries its timestamp
// (X-Tandem-Timestamp, signed with the body): a captured request replayed
// more than 5 minutes later is refused, as is one whose timestamp was
// changed. Without a timestamp, the body-only signature keeps working
// until the source sets require_timestamp.
func TestSignedWebhookTimestamps(t *testing.T) {
	clock := bottest.NewClock(tuesday10)
	yaml := testYAML(t, redistest.URL(t), "  grafana: {hmac_secret_env: HMAC, require_timestamp: true}\n")
	b := bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now})
	generic, grafana := b.URL+"/webhooks/generic", b.URL+"/webhooks/grafana"
	signed := func(ts time.Time, body string) map[string]string {
		s := strconv.FormatInt(ts.Unix(), 10)
		return map[string]string{bot.TimestampHeader: s, bot.SignatureHeader: bot.Sign("hmac-key", s, []byte(body)), "Content-Type": "application/json"}
	}
	body := `{"summary":"Disk full","dedup_key":"disk","service":"database"}`
	captured := signed(clock.Now(), body)
	for _, tc := range []struct {
		name, url string
		header    map[string]string
		code      int
		errSub    string
	}{
		{"Fresh", generic, captured, 202, ""},
		{"ClockFourMinutesBehind", generic, signed(clock.Now().Add(-4*time.Minute), body), 202, ""},
		{"TimestampChanged", generic, map[string]string{bot.TimestampHeader: strconv.FormatInt(clock.Now().Unix()+1, 10), bot.SignatureHeader: captured[bot.SignatureHeader]}, 401, "does not match"},
		{"NotUnixSeconds", generic, map[string]string{bot.TimestampHeader: "yesterday", bot.SignatureHeader: captured[bot.SignatureHeader]}, 401, "Unix seconds"},
		{"BodyOnlyStillAccepted", generic, map[string]string{bot.SignatureHeader: bot.Sign("hmac-key", "", []byte(body))}, 202, ""},
		{"BodyOnlyRefusedWhereRequired", grafana, map[string]string{bot.SignatureHeader: bot.Sign("hmac-key", "", []byte(body))}, 401, "X-Tandem-Timestamp is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, resp := bottest.Do(t, "POST", tc.url, body, tc.header)
			if code != tc.code || !strings.Contains(resp, tc.errSub) {
				t.Fatalf("%d %s; want %d with %q", code, resp, tc.code, tc.errSub)
			}
		})
	}
	clock.Advance(5*time.Minute + 2*time.Second)
	code, resp := bottest.Do(t, "POST", generic, body, captured)
	if code != 401 || !strings.Contains(resp, "the window is 5m0s") {
		t.Fatalf("replay after 5 minutes: %d %s", code, resp)
	}
}
