package slack

import "testing"

// FuzzDecodeCommandJSON: a slash command as Socket Mode delivers it (JSON)
// never makes the decoder panic, and what it accepts names its user and
// carries an idempotency key. (Interactions share one decoder with HTTP:
// FuzzDecodeInteraction covers it.)
func FuzzDecodeCommandJSON(f *testing.F) {
	f.Add([]byte(`{"user_id":"U1","channel_id":"C1","text":"ack INC-1","trigger_id":"t","response_url":"https://hooks.slack.com/x"}`))
	f.Add([]byte(`{"user_id":"U1","text":"&lt;@U2&gt; &amp;"}`))
	f.Add([]byte(`{"text":"ack"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		m, err := decodeCommandJSON(payload)
		if err == nil && (m.req.User == "" || m.key == "" || m.req.Platform != "slack") {
			t.Fatalf("accepted %+v", m)
		}
	})
}
