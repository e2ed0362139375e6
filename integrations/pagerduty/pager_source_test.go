package pagerduty_test

import (
	"context"
	"testing"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/pagerduty"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
)

// A trigger names the service's host as its source, links back to the room
// (client_url), carries when the incident opened, and files every event
// under the deployment's dedup prefix, acknowledge and resolve included.
func TestPagerSourceClientTimestampAndPrefix(t *testing.T) {
	fake := pagerdutytest.New(t)
	p := pagerduty.NewPager(pagerduty.PagerOptions{
		EventsURL: fake.URL, RoutingKeys: map[string]string{"noc": keyNOC}, Now: (&testClock{opened}).Now,
		DedupPrefix: "acme", Hosts: map[string]string{"database": "db-01.acme.example"},
		RoomURL: func(inc incident.Incident) string { return "https://slack.com/app_redirect?channel=C7" },
	})
	for _, action := range []string{"trigger", "acknowledge", "resolve"} {
		if err := p.Page(context.Background(), pageEffect("noc", action), testIncident()); err != nil {
			t.Fatal(err)
		}
	}
	evs := fake.Events()
	if len(evs) != 3 {
		t.Fatalf("events: %+v", evs)
	}
	for _, e := range evs {
		if e.DedupKey != "acme:INC-7/noc" {
			t.Errorf("%s dedup key %q, want acme:INC-7/noc", e.Action, e.DedupKey)
		}
	}
	e := evs[0]
	if e.Client != "Tandem" || e.ClientURL != "https://slack.com/app_redirect?channel=C7" {
		t.Errorf("client %q, client_url %q", e.Client, e.ClientURL)
	}
	if e.Payload.Source != "db-01.acme.example" || e.Payload.Timestamp != testIncident().OpenedAt.UTC().Format("2006-01-02T15:04:05Z07:00") {
		t.Errorf("source %q, timestamp %q", e.Payload.Source, e.Payload.Timestamp)
	}
	if id, team, ok := pagerduty.ParsePrefixedDedupKey("acme", e.DedupKey); !ok || id != "INC-7" || team != "noc" {
		t.Errorf("own key not read back: %q %q %v", id, team, ok)
	}
	for _, other := range []string{"INC-7/noc", "other:INC-7/noc", "acme-2:INC-7/noc"} {
		if _, _, ok := pagerduty.ParsePrefixedDedupKey("acme", other); ok {
			t.Errorf("%q, another deployment's key, was taken as ours", other)
		}
	}
}
