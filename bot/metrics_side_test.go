package bot

import (
	"testing"

	"github.com/tandemhq/tandem/incident"
)

// No side label is ever empty: managers are "managers", changes nobody
// made are "none".
func TestSideLabelNeverEmpty(t *testing.T) {
	m := &metrics{managers: map[string]bool{"maria": true}}
	for _, c := range []struct {
		a    *incident.Actor
		want string
	}{
		{&incident.Actor{Name: "Nora", Side: incident.MSP}, "msp"},
		{&incident.Actor{Name: "Maria", Platform: "slack"}, "managers"},
		{&incident.Tandem, "none"},
		{&incident.Monitoring, "none"},
		{nil, "none"},
	} {
		if got := m.actorSide(c.a); got != c.want {
			t.Errorf("actorSide(%+v) = %q, want %q", c.a, got, c.want)
		}
	}
	if got := teamSide("managers", ""); got != "managers" {
		t.Errorf("managers' pages: side %q", got)
	}
	if got := teamSide("noc", "msp"); got != "msp" {
		t.Errorf("noc's pages: side %q", got)
	}
}
