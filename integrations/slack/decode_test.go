package slack

import (
	"net/url"
	"testing"

	"github.com/tandemhq/tandem/chat"
)

func TestDecodeCommand(t *testing.T) {
	m, err := decodeCommandForm([]byte(docBody))
	if err != nil {
		t.Fatal(err)
	}
	want := chat.Request{Platform: "slack", User: "U2CERLKJA", Name: "roadrunner", Channel: "G8PSS9T3V"}
	if m.req != want || m.key != "slack:command:398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c" ||
		m.responseURL != "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN" {
		t.Fatalf("got %+v", m)
	}
	if _, err := decodeCommandForm([]byte("text=ack&channel_id=C1")); err == nil {
		t.Fatal("a command without user_id was accepted")
	}
	if m, err := decodeCommandForm([]byte("ssl_check=1&token=x")); err != nil || m.key != "" {
		t.Fatalf("ssl_check: %+v %v", m, err)
	}
	for text, want := range map[string]string{"": "oncall", "override+acme-it+Bob+2h": "oncall override acme-it Bob 2h"} {
		m, err := decodeCommandForm([]byte("command=%2Foncall&user_id=U1&text=" + text))
		if err != nil || m.req.Text != want {
			t.Errorf("/oncall %q: %q, %v; want %q", text, m.req.Text, err, want)
		}
	}
	if _, err := decodeCommandForm([]byte("%zz")); err == nil {
		t.Fatal("a body that is not a form was accepted")
	}
}

func TestDecodeEvent(t *testing.T) {
	for body, want := range map[string]inbound{
		`{"type":"url_verification","challenge":"abc"}`:                {kind: kindEvent, challenge: "abc"},
		`{"type":"event_callback","event_id":"Ev1","event":{}}`:        {kind: kindEvent, key: "slack:event:Ev1"},
		`{"type":"app_rate_limited","minute_rate_limited":1518467820}`: {kind: kindEvent},
	} {
		got, err := decodeEvent([]byte(body))
		if err != nil || got != want {
			t.Errorf("%s: got %+v %v", body, got, err)
		}
	}
	for _, body := range []string{`{"type":"url_verification"}`, `{"type":"event_callback"}`, `[`} {
		if _, err := decodeEvent([]byte(body)); err == nil {
			t.Errorf("%s accepted", body)
		}
	}
}

// Decoders never panic, and whatever they accept from a user is a request
// the handlers can take.
func FuzzDecodeCommand(f *testing.F) {
	f.Add([]byte(docBody))
	f.Add([]byte("user_id=U1&text=ack+INC-1&trigger_id=t"))
	f.Add([]byte("user_id=U1&text=ack+INC-1&trigger_id=t&api_app_id=ATANDEM&team_id=TTEST"))
	f.Add([]byte("user_id=U1&text=ack+INC-1&trigger_id=t&api_app_id=AOTHER&team_id=TTEST"))
	f.Add([]byte("user_id=U1&text=ack+INC-1&trigger_id=t&api_app_id=ATANDEM&team_id=TOTHER&team_id=TTEST"))
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := decodeCommandForm(body)
		if err == nil && (m.req.User == "" || m.key == "") {
			t.Fatalf("accepted %+v", m)
		}
		if err == nil {
			checkOrigin(t, m)
		}
	})
}

func FuzzDecodeInteraction(f *testing.F) {
	f.Add([]byte(url.Values{"payload": {`{"type":"block_actions","user":{"id":"U1"},"trigger_id":"t","actions":[{"action_id":"tandem_ack","value":"INC-1"}]}`}}.Encode()))
	f.Add([]byte("payload=%7B%7D"))
	// Slack Connect: the clicker's own organisation (user.team_id) differs
	// from the installing workspace (team.id), which alone is checked.
	f.Add([]byte(url.Values{"payload": {`{"type":"block_actions","api_app_id":"ATANDEM","team":{"id":"TTEST"},"user":{"id":"U0NORA","team_id":"T0MSP"},"trigger_id":"t","actions":[{"action_id":"tandem_ack","value":"INC-1"}]}`}}.Encode()))
	f.Add([]byte(url.Values{"payload": {`{"type":"block_actions","api_app_id":"AOTHER","team":{"id":"TOTHER"},"user":{"id":"U1","team_id":"TTEST"},"trigger_id":"t","actions":[{"action_id":"tandem_ack","value":"INC-1"}]}`}}.Encode()))
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := decodeInteractionForm(body)
		if err == nil && m.key != "" && (m.req.User == "" || m.req.Action == "") {
			t.Fatalf("accepted %+v", m)
		}
		if err == nil {
			checkOrigin(t, m)
		}
	})
}

func FuzzDecodeEvent(f *testing.F) {
	f.Add([]byte(`{"type":"url_verification","challenge":"abc"}`))
	f.Add([]byte(`{"type":"event_callback","event_id":"Ev1"}`))
	f.Add([]byte(`{"type":"event_callback","event_id":"Ev2","api_app_id":"ATANDEM","team_id":"TTEST","event":{"type":"app_mention","user":"U0NORA","team":"T0MSP","text":"<@UBOT> ack INC-1","channel":"C1","ts":"1.1"}}`))
	f.Add([]byte(`{"type":"event_callback","event_id":"Ev3","api_app_id":"AOTHER","team_id":"TOTHER","event":{"type":"app_mention","user":"U1","text":"<@UBOT> ack INC-1","channel":"C1","ts":"1.1"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := decodeEvent(body)
		if err == nil && m.challenge == "" && m.key == "" && m.kind != kindEvent {
			t.Fatalf("accepted %+v", m)
		}
		if err == nil {
			checkOrigin(t, m)
		}
	})
}

// checkOrigin: with slack.app_id and slack.team_id set, whatever decodes to
// something to run is refused exactly when its api_app_id or installing
// workspace differs from the configured ones (never for its user's own
// team: a Slack Connect user is judged by the member mapping alone).
func checkOrigin(t *testing.T, m inbound) {
	t.Helper()
	in := &Inbound{opt: InboundOptions{AppID: "ATANDEM", TeamID: "TTEST"}}
	why := in.foreign(m)
	runs := m.challenge == "" && (m.key != "" || m.req.User != "")
	if want := runs && (m.app != "ATANDEM" || m.team != "TTEST"); (why != "") != want {
		t.Fatalf("app %q team %q: foreign %q, want refused %v (%+v)", m.app, m.team, why, want, m)
	}
	if (&Inbound{}).foreign(m) != "" {
		t.Fatalf("refused with no app_id or team_id configured: %+v", m)
	}
}
