package handlers_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/alertmanager"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

func fixture(t *testing.T, name string) incident.AlertGroup {
	t.Helper()
	body, err := os.ReadFile("../integrations/alertmanager/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	g, err := alertmanager.Decode(body, alertmanager.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g.Source = "alertmanager"
	return g
}

func newService(t *testing.T, c *clock, autoResolve bool) (*handlers.Service, *redisstore.Store) {
	t.Helper()
	st := redistest.OpenAny(t)
	svc := handlers.New(st, handlers.Options{
		Now:            c.Now,
		Services:       map[string]handlers.ServiceRule{"database": {Severity: incident.Sev2}},
		DefaultService: "database",
		Platforms:      []string{"console"},
		Sources:        map[string]handlers.SourceRule{"alertmanager": {AutoResolve: autoResolve, ReopenWithin: 30 * time.Minute}},
	})
	return svc, st
}

func kindsOf(t *testing.T, st *redisstore.Store, id string) []incident.Kind {
	t.Helper()
	tl, err := st.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []incident.Kind
	for _, e := range tl {
		out = append(out, e.Kind)
	}
	return out
}

func intake(t *testing.T, svc *handlers.Service, g incident.AlertGroup) string {
	t.Helper()
	id, err := svc.Intake(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAlertLifecycle(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)}
	svc, st := newService(t, c, true)
	ctx := context.Background()

	id := intake(t, svc, fixture(t, "firing-group-of-2.json"))
	inc, _ := st.Get(ctx, id)
	if id != "INC-1" || inc.Counts() != (incident.AlertCounts{Firing: 2}) || inc.Service != "database" {
		t.Fatalf("first delivery: %s %+v service %q", id, inc.Counts(), inc.Service)
	}
	want := []incident.Kind{"opened", "alert.firing", "alert.firing"}
	assertKinds(t, st, id, want)

	// Alertmanager resends the group every group_interval: no change, no noise.
	c.Advance(time.Minute)
	if again := intake(t, svc, fixture(t, "firing-group-of-2.json")); again != id {
		t.Fatalf("resend went to %s", again)
	}
	assertKinds(t, st, id, want)

	c.Advance(time.Minute)
	intake(t, svc, fixture(t, "mixed-one-resolved.json"))
	want = append(want, "alert.resolved")
	assertKinds(t, st, id, want)
	if inc, _ := st.Get(ctx, id); inc.Status != incident.StatusOpen || inc.Counts() != (incident.AlertCounts{Firing: 1, Resolved: 1}) {
		t.Fatalf("after one resolved: %s %+v", inc.Status, inc.Counts())
	}

	c.Advance(time.Minute)
	intake(t, svc, fixture(t, "all-resolved.json"))
	want = append(want, "alert.resolved", "resolved")
	assertKinds(t, st, id, want)
	inc, _ = st.Get(ctx, id)
	if inc.Status != incident.StatusResolved {
		t.Fatalf("not auto-resolved: %s", inc.Status)
	}
	tl, _ := st.Timeline(ctx, id)
	if last := tl[len(tl)-1]; last.Actor.Name != "monitoring" {
		t.Fatalf("auto-resolve actor %+v", last.Actor)
	}
	// A repeated resolved delivery after the incident resolved adds nothing.
	intake(t, svc, fixture(t, "all-resolved.json"))
	assertKinds(t, st, id, want)

	// Firing again within reopen_within reopens the same incident.
	c.Advance(10 * time.Minute)
	if again := intake(t, svc, fixture(t, "firing-group-of-2.json")); again != id {
		t.Fatalf("refire within 30m went to %s", again)
	}
	want = append(want, "reopened", "alert.firing", "alert.firing")
	assertKinds(t, st, id, want)

	// Resolved again, then firing after reopen_within: a new incident.
	intake(t, svc, fixture(t, "mixed-one-resolved.json"))
	intake(t, svc, fixture(t, "all-resolved.json"))
	if inc, _ := st.Get(ctx, id); inc.Status != incident.StatusResolved {
		t.Fatalf("second resolve: %s %+v", inc.Status, inc.Counts())
	}
	c.Advance(31 * time.Minute)
	if fresh := intake(t, svc, fixture(t, "firing-group-of-2.json")); fresh != "INC-2" {
		t.Fatalf("refire after 31m went to %s, want INC-2", fresh)
	}
	if inc, _ := st.Get(ctx, "INC-2"); inc.Status != incident.StatusOpen || inc.Counts().Firing != 2 {
		t.Fatalf("INC-2: %s %+v", inc.Status, inc.Counts())
	}
}

func TestAutoResolveOff(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)}
	svc, st := newService(t, c, false)
	id := intake(t, svc, fixture(t, "firing-group-of-2.json"))
	intake(t, svc, fixture(t, "mixed-one-resolved.json"))
	intake(t, svc, fixture(t, "all-resolved.json"))
	inc, _ := st.Get(context.Background(), id)
	if inc.Status != incident.StatusOpen || inc.Counts() != (incident.AlertCounts{Resolved: 2}) {
		t.Fatalf("auto_resolve off: %s %+v", inc.Status, inc.Counts())
	}
}

func TestResolvedOnlyDeliveryOpensNothing(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)}
	svc, st := newService(t, c, true)
	if id := intake(t, svc, fixture(t, "all-resolved.json")); id != "" {
		t.Fatalf("a resolved-only delivery opened %s", id)
	}
	if open, _ := st.List(context.Background(), incident.StatusOpen, incident.StatusResolved); len(open) != 0 {
		t.Fatalf("%d incidents", len(open))
	}
}

func assertKinds(t *testing.T, st *redisstore.Store, id string, want []incident.Kind) {
	t.Helper()
	got := kindsOf(t, st, id)
	if len(got) != len(want) {
		t.Fatalf("timeline %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("timeline %v, want %v", got, want)
		}
	}
}
