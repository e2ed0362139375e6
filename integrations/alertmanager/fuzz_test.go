package alertmanager

import (
	"errors"
	"reflect"
	"testing"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/sourcetest"
)

// FuzzDecode checks that no body panics Decode, that every failure is an
// EInvalid *incident.Error, that every success honours the mapping's
// promises, and that decoding is deterministic (a repeated delivery must
// change nothing).
func FuzzDecode(f *testing.F) {
	for _, b := range sourcetest.Fixtures(f) {
		f.Add(b)
	}
	f.Add([]byte(`{"version":"4","groupKey":"k","alerts":[{"status":"firing","fingerprint":"f","startsAt":"0001-01-01T00:00:00Z"}]}`))
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
		checkGroup(t, g, len(body)/2) // each alert is at least {"":""}
		again, _ := Decode(body, opt)
		if !reflect.DeepEqual(g, again) {
			t.Fatal("Decode is not deterministic")
		}
	})
}

func checkGroup(t *testing.T, g incident.AlertGroup, max int) {
	t.Helper()
	if g.Source != "alertmanager" || g.Key == "" || g.Title == "" {
		t.Fatalf("source %q key %q title %q", g.Source, g.Key, g.Title)
	}
	if len(g.Alerts) == 0 || len(g.Alerts) > max {
		t.Fatalf("%d alerts", len(g.Alerts))
	}
	if g.Severity != 0 && !g.Severity.Valid() {
		t.Fatalf("severity %d", g.Severity)
	}
	for i, a := range g.Alerts {
		if a.Fingerprint == "" || (a.Status != incident.AlertFiring && a.Status != incident.AlertResolved) {
			t.Fatalf("alerts[%d] = %+v", i, a)
		}
		for _, l := range append(a.Links, g.Links...) {
			if !isWebURL(l.Href) {
				t.Fatalf("unsafe link %q", l.Href)
			}
		}
	}
}
