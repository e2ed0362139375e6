package generic

import (
	"errors"
	"reflect"
	"testing"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/sourcetest"
)

// FuzzDecode checks that no body panics Decode, that every failure is an
// EInvalid *incident.Error, and that every success is one well-formed,
// deterministic alert keyed like its group.
func FuzzDecode(f *testing.F) {
	for _, b := range sourcetest.Fixtures(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		g, err := Decode(body)
		if err != nil {
			var ie *incident.Error
			if !errors.As(err, &ie) || ie.Code != incident.EInvalid || ie.Message == "" {
				t.Fatalf("error %T %v is not an EInvalid *incident.Error", err, err)
			}
			return
		}
		if g.Source != "generic" || g.Key == "" || g.Title == "" || len(g.Alerts) != 1 {
			t.Fatalf("group %+v", g)
		}
		a := g.Alerts[0]
		if a.Fingerprint != g.Key || a.Summary != g.Title ||
			(a.Status != incident.AlertFiring && a.Status != incident.AlertResolved) {
			t.Fatalf("alert %+v", a)
		}
		if g.Severity != 0 && !g.Severity.Valid() {
			t.Fatalf("severity %d", g.Severity)
		}
		again, _ := Decode(body)
		if !reflect.DeepEqual(g, again) {
			t.Fatal("Decode is not deterministic")
		}
	})
}
