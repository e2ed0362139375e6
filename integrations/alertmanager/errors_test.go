package alertmanager

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/incident"
)

const okAlert = `{"status":"firing","labels":{"alertname":"A"},"fingerprint":"f0"}`

// payload builds a version 4 body around the given alerts JSON.
func payload(alerts ...string) string {
	return `{"version":"4","groupKey":"k","alerts":[` + strings.Join(alerts, ",") + `]}`
}

func manyAlerts(n int) string {
	alerts := make([]string, n)
	for i := range alerts {
		alerts[i] = fmt.Sprintf(`{"status":"firing","fingerprint":"f%d"}`, i)
	}
	return payload(alerts...)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, body string
		opt        Options
		want       string
	}{
		{"empty body", "  \n", Options{}, "body: empty (want a JSON object)"},
		{"cut short", `{"version":"4",`, Options{}, "invalid JSON at offset 15: unexpected end of JSON input"},
		{"bad syntax", `{"version":"4" "groupKey":"k"}`, Options{}, "invalid JSON at offset 16: invalid character '\"' after object key:value pair"},
		{"trailing data", payload(okAlert) + "x", Options{}, "invalid JSON at offset 108: invalid character 'x' after top-level value"},
		{"not an object", `[]`, Options{}, "body: want an object, got JSON array at offset 1"},
		{"no version", `{"groupKey":"k"}`, Options{}, `version: missing (want "4")`},
		{"old version", `{"version":"3","groupKey":"k"}`, Options{}, `version: "3" is not supported (want "4")`},
		{"version as number", `{"version":4}`, Options{}, "version: want a string, got JSON number at offset 12"},
		{"no groupKey", `{"version":"4","alerts":[` + okAlert + `]}`, Options{}, "groupKey: missing"},
		{"no alerts", `{"version":"4","groupKey":"k"}`, Options{}, "alerts: empty (a delivery needs at least one alert)"},
		{"alerts not array", `{"version":"4","groupKey":"k","alerts":{}}`, Options{}, "alerts: want an array, got JSON object at offset 40"},
		{"no fingerprint", payload(okAlert, okAlert, okAlert, `{"status":"firing","labels":{"alertname":"A"}}`), Options{},
			"alerts[3].fingerprint: missing"},
		{"null alert", payload(okAlert, `null`), Options{}, "alerts[1].fingerprint: missing"},
		{"no status", payload(`{"fingerprint":"f"}`), Options{}, `alerts[0].status: must be "firing" or "resolved"`},
		{"pending status", payload(`{"status":"pending","fingerprint":"f"}`), Options{}, `alerts[0].status: must be "firing" or "resolved"`},
		{"bad startsAt", payload(`{"status":"firing","fingerprint":"f","startsAt":"yesterday"}`), Options{},
			`alerts[0].startsAt: "yesterday" is not an RFC 3339 time`},
		{"bad endsAt", payload(`{"status":"resolved","fingerprint":"f","endsAt":"2026-13-01T00:00:00Z"}`), Options{},
			`alerts[0].endsAt: "2026-13-01T00:00:00Z" is not an RFC 3339 time`},
		{"label not string", payload(`{"status":"firing","fingerprint":"f","labels":{"a":1}}`), Options{},
			"alerts.labels: want a string, got JSON number at offset 92"},
		{"negative truncatedAlerts", `{"version":"4","groupKey":"k","truncatedAlerts":-1}`, Options{},
			"truncatedAlerts: want a non-negative integer, got JSON number -1 at offset 50"},
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

func TestDecodeAcceptsTruncatedAndUnknownFields(t *testing.T) {
	body := `{"version":"4","groupKey":"k","truncatedAlerts":7,"newField":[1,2],"alerts":[` +
		`{"status":"firing","fingerprint":"f","labels":{"alertname":"A"},"newAlertField":true}]}`
	g, err := Decode([]byte(body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Alerts) != 1 || g.Title != "A" {
		t.Errorf("got %+v", g)
	}
}

// A payload has no alert limit of its own (the body cap bounds it; the
// incident's max_alerts bounds what is stored): 5,000 alerts decode.
func TestDecodeHasNoPerPayloadLimit(t *testing.T) {
	g, err := Decode([]byte(manyAlerts(5000)), Options{})
	if err != nil || len(g.Alerts) != 5000 {
		t.Errorf("5000 alerts: %d decoded, %v", len(g.Alerts), err)
	}
}
