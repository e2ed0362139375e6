package teams

import "testing"

// FuzzDecodeActivity: any body decodes or is refused with an error, never
// a panic; what decodes has what the endpoint relies on.
func FuzzDecodeActivity(f *testing.F) {
	f.Add([]byte(`{"type":"message","id":"1","serviceUrl":"https://smba.trafficmanager.net/teams/","from":{"id":"29:a","aadObjectId":"x"},"conversation":{"id":"19:c@thread.tacv2;messageid=17"},"text":"<at>Tandem</at> ack INC-3","channelData":{"channel":{"id":"19:c@thread.tacv2"}}}`))
	f.Add([]byte(`{"type":"invoke","name":"adaptiveCard/action","serviceUrl":"s","from":{"id":"u"},"conversation":{"id":"c"},"value":{"action":{"type":"Action.Execute","verb":"tandem_ack","data":{"incident":"INC-1"}}}}`))
	f.Add([]byte(`{"type":""}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		a, err := DecodeActivity(body)
		if err != nil {
			return
		}
		if a.Type == "" || a.ServiceURL == "" || a.Conversation == nil || a.From == nil || a.From.ID == "" {
			t.Fatalf("decoded an activity without what it needs: %+v", a)
		}
		_ = a.commandText()
		ch, _ := a.place()
		_ = ch
		_ = a.user()
		_, _, _ = a.invoke()
	})
}

func TestCommandText(t *testing.T) {
	for in, want := range map[string]string{
		"<at>Tandem</at> ack INC-3":              "ack INC-3",
		"<at>Tandem</at>&nbsp;note <p>db ok</p>": "note db ok",
		"<at>Tandem</at> /incident status":       "status",
	} {
		if got := (Activity{Text: in}).commandText(); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
