package grafana

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/sourcetest"
)

// FuzzDecode checks that no body panics Decode, that every failure is an
// EInvalid *incident.Error, and that every success is a well-formed,
// deterministic group keyed by organisation.
func FuzzDecode(f *testing.F) {
	for _, b := range sourcetest.Fixtures(f) {
		f.Add(b)
	}
	opt := Options{}
	f.Fuzz(func(t *testing.T, body []byte) {
		g, err := Decode(body, opt)
		if err != nil {
			var ie *incident.Error
			if !errors.As(err, &ie) || ie.Code != incident.EInvalid || ie.Message == "" {
				t.Fatalf("error %T %v is not an EInvalid *incident.Error", err, err)
			}
			return
		}
		if g.Source != "grafana" || !strings.HasPrefix(g.Key, "org:") || g.Title == "" {
			t.Fatalf("source %q key %q title %q", g.Source, g.Key, g.Title)
		}
		if len(g.Alerts) == 0 || len(g.Alerts) > len(body)/2 {
			t.Fatalf("%d alerts", len(g.Alerts))
		}
		for i, a := range g.Alerts {
			if a.Fingerprint == "" || (a.Status != incident.AlertFiring && a.Status != incident.AlertResolved) {
				t.Fatalf("alerts[%d] = %+v", i, a)
			}
		}
		again, _ := Decode(body, opt)
		if !reflect.DeepEqual(g, again) {
			t.Fatal("Decode is not deterministic")
		}
	})
}
