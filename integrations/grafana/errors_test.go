package grafana

import (
	"errors"
	"testing"

	"github.com/tandemhq/tandem/incident"
)

func TestDecodeErrors(t *testing.T) {
	ok := `{"status":"firing","fingerprint":"f"}`
	tests := []struct {
		name, body string
		opt        Options
		want       string
	}{
		{"empty", "", Options{}, "body: empty (want a JSON object)"},
		{"syntax", `{"orgId":1,}`, Options{}, "invalid JSON at offset 12: invalid character '}' looking for beginning of object key string"},
		// Legacy (pre-8) Grafana alerting sent no version, and a different shape.
		{"legacy alerting", `{"ruleName":"x","state":"alerting","evalMatches":[]}`, Options{}, `version: missing (want "1")`},
		{"alertmanager payload", `{"version":"4","groupKey":"k"}`, Options{}, `version: "4" is not supported (want "1")`},
		{"no orgId", `{"version":"1","groupKey":"k","alerts":[` + ok + `]}`, Options{}, "orgId: missing"},
		{"orgId as string", `{"version":"1","orgId":"1"}`, Options{}, "orgId: want an integer, got JSON string at offset 26"},
		{"no groupKey", `{"version":"1","orgId":1,"alerts":[` + ok + `]}`, Options{}, "groupKey: missing"},
		{"no alerts", `{"version":"1","orgId":1,"groupKey":"k","alerts":[]}`, Options{}, "alerts: empty (a delivery needs at least one alert)"},
		{"no fingerprint", `{"version":"1","orgId":1,"groupKey":"k","alerts":[` + ok + `,{"status":"firing"}]}`, Options{},
			"alerts[1].fingerprint: missing"},
		{"bad status", `{"version":"1","orgId":1,"groupKey":"k","alerts":[{"status":"alerting","fingerprint":"f"}]}`, Options{},
			`alerts[0].status: must be "firing" or "resolved"`},
		{"bad silenceURL type", `{"version":"1","orgId":1,"groupKey":"k","alerts":[{"silenceURL":false}]}`, Options{},
			"alerts.silenceURL: want a string, got JSON bool at offset 69"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.body), tt.opt)
			var ie *incident.Error
			if !errors.As(err, &ie) {
				t.Fatalf("want *incident.Error, got %T %v", err, err)
			}
			if ie.Code != incident.EInvalid || ie.Message != tt.want {
				t.Errorf("got %s %q\nwant invalid %q", ie.Code, ie.Message, tt.want)
			}
		})
	}
}
