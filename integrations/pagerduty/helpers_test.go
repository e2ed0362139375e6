package pagerduty_test

import (
	"strings"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// Routing keys are 32 characters, as PagerDuty (and the fake) insist.
var (
	keyNOC  = strings.Repeat("n", 32)
	keyACME = strings.Repeat("a", 32)
)

var opened = time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)

func testIncident() incident.Incident {
	return incident.Incident{ID: "INC-7", Title: "Disk full on db-01", Status: incident.StatusOpen, Severity: incident.Sev2,
		Service: "database", Source: "generic", OpenedAt: opened, RoomName: "inc-7-disk-full-on-db-01",
		Room:  map[string]string{"console": "#inc-7-disk-full-on-db-01"},
		Links: []incident.Link{{Href: "https://runbooks.example/disk", Text: "Runbook"}}, Paged: []string{"noc"}}
}

func pageEffect(team, action string) incident.Effect {
	e := incident.Effect{ID: "INC-7/" + team + "/" + action, Kind: incident.EffectPage, Incident: "INC-7", Team: team,
		Data: map[string]string{"action": action}}
	if action == "trigger" {
		e.Person = "Nora"
		e.Data["step"], e.Data["window"], e.Data["side"] = "2", "after_hours", "msp"
	}
	return e
}

// testClock is a settable clock.
type testClock struct{ t time.Time }

func (c *testClock) Now() time.Time          { return c.t }
func (c *testClock) Advance(d time.Duration) { c.t = c.t.Add(d) }
