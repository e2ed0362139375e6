package handlers_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// pdService has an internal and an MSP team (scoped to scope), and one
// open incident, INC-1 (service database), declared by Alice and escalated
// to both teams, so each was paged.
func pdService(t *testing.T, scope ...string) (*handlers.Service, *redisstore.Store) {
	t.Helper()
	st := redistest.OpenAny(t)
	teams := map[string]*handlers.Team{
		"acme-it": {Name: "acme-it", Side: incident.Internal, Members: []string{"Alice"}},
		"noc":     {Name: "noc", Side: incident.MSP, Members: []string{"Nora"}, Scope: scope},
		"desk":    {Name: "desk", Side: incident.MSP, Members: []string{"Dee"}},
	}
	dir := handlers.NewDirectory(teams, nil, []handlers.Member{{Name: "Alice", Side: incident.Internal, Team: "acme-it"},
		{Name: "Nora", Side: incident.MSP, Team: "noc"}, {Name: "Dee", Side: incident.MSP, Team: "desk"}})
	now := func() time.Time { return time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC) }
	svc := handlers.New(st, handlers.Options{Now: now, Directory: dir, Platforms: []string{"console"},
		Services: map[string]handlers.ServiceRule{"database": {Owner: "acme-it", Severity: incident.Sev2}}, DefaultService: "database"})
	for _, cmd := range []string{"declare Disk full", "escalate INC-1 noc", "escalate INC-1 acme-it"} {
		if r := svc.Handle(context.Background(), chat.Request{Platform: "console", User: "alice", Text: cmd}); r.Ephemeral {
			t.Fatalf("%s: %s", cmd, r.Text)
		}
	}
	return svc, st
}

// pdAck is Nora (a member, by her PagerDuty user) acknowledging noc's page.
func pdAck(id string) handlers.PDEvent {
	return handlers.PDEvent{ID: id, Incident: "INC-1", Team: "noc", Kind: handlers.PDAcknowledged,
		User: handlers.PDUser{ID: "PNORA", Name: "Nora N", Member: "Nora"}, URL: "https://acme.pagerduty.com/incidents/PINC1"}
}

func pdTimeline(t *testing.T, st *redisstore.Store, kind incident.Kind) []incident.Event {
	t.Helper()
	tl, err := st.Timeline(context.Background(), "INC-1")
	if err != nil {
		t.Fatal(err)
	}
	var out []incident.Event
	for _, e := range tl {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// apply applies ev and returns why it was not applied ("" when it was).
func apply(t *testing.T, svc *handlers.Service, ev handlers.PDEvent) string {
	t.Helper()
	why, err := svc.PagerDutyEvent(context.Background(), ev)
	if err != nil {
		t.Fatalf("%s %s: %v", ev.ID, ev.Kind, err)
	}
	return why
}

func TestPagerDutyAckActsAsTheMemberOnce(t *testing.T) {
	svc, st := pdService(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 3 { // the same event delivered three times, at once
		wg.Go(func() { apply(t, svc, pdAck("E1")) })
	}
	wg.Wait()
	inc, _ := st.Get(ctx, "INC-1")
	want := incident.Actor{Name: "Nora", Side: incident.MSP, Platform: "pagerduty", User: "PNORA"}
	if inc.Status != incident.StatusAcked || inc.AckedBy == nil || *inc.AckedBy != want {
		t.Fatalf("incident: %s acked by %+v", inc.Status, inc.AckedBy)
	}
	acks := pdTimeline(t, st, incident.KindAcked)
	if len(acks) != 1 || acks[0].Details["pagerduty_event"] != "E1" || acks[0].Details["pagerduty_incident"] == "" {
		t.Fatalf("acked entries: %+v", acks)
	}
	if got := chat.DescribeEvent(acks[0]); got != "✅ acknowledged by Nora (MSP) from PagerDuty" {
		t.Fatalf("room line: %q", got)
	}
	if why := apply(t, svc, pdAck("E1")); why != "already applied" {
		t.Fatalf("a repeat: %q", why)
	}
	// Another ack (say, Tandem's own ack coming back) changes nothing either.
	if apply(t, svc, pdAck("E2")); len(pdTimeline(t, st, incident.KindAcked)) != 1 {
		t.Fatal("a second ack wrote an entry")
	}
}

// A PagerDuty user who is not a member acts as "PagerDuty (<team>)" on the
// paged team's side; PagerDuty's own name for the user is kept in the
// entry's details.
func TestPagerDutyUnknownUserActsAsTheTeam(t *testing.T) {
	svc, st := pdService(t)
	ev := pdAck("E1")
	ev.User = handlers.PDUser{ID: "PXYZ", Name: "Someone Else"}
	if why := apply(t, svc, ev); why != "" {
		t.Fatalf("not applied: %s", why)
	}
	acks := pdTimeline(t, st, incident.KindAcked)
	want := incident.Actor{Name: "PagerDuty (noc)", Side: incident.MSP, Platform: "pagerduty", User: "PXYZ"}
	if len(acks) != 1 || acks[0].Actor != want || acks[0].Details["pagerduty_user"] != "Someone Else" {
		t.Fatalf("acked entries: %+v", acks)
	}
}

// The dedup key alone proves nothing: an event for a team Tandem did not
// page for the incident is not applied, whoever sends it.
func TestPagerDutyActsOnlyWhereTandemPaged(t *testing.T) {
	svc, st := pdService(t)
	ev := pdAck("E1")
	ev.Team = "desk" // a team of the config, never paged for INC-1
	if why := apply(t, svc, ev); !strings.Contains(why, "did not page desk") {
		t.Fatalf("why: %q", why)
	}
	if inc, _ := st.Get(context.Background(), "INC-1"); inc.Status != incident.StatusOpen || len(pdTimeline(t, st, incident.KindAcked)) != 0 {
		t.Fatalf("applied anyway: %s", inc.Status)
	}
}

// The MSP scope rule applies to PagerDuty as it does to chat: a member,
// or PagerDuty on behalf of an MSP team, acts only within the scope.
func TestPagerDutyScope(t *testing.T) {
	svc, st := pdService(t, "network") // INC-1 is about the database
	for _, user := range []handlers.PDUser{{ID: "PNORA", Member: "Nora"}, {ID: "PXYZ", Name: "Someone"}} {
		ev := pdAck("E-" + user.ID)
		ev.User = user
		if why := apply(t, svc, ev); !strings.Contains(why, "outside noc's scope") {
			t.Fatalf("%s: why %q", user.ID, why)
		}
	}
	if len(pdTimeline(t, st, incident.KindAcked)) != 0 {
		t.Fatal("an out-of-scope ack was applied")
	}
}

// A late delivery (PagerDuty retries for 48 hours) of an event that
// occurred more than 10 minutes before the incident's last change of that
// kind is ignored: the morning's ack does not undo the afternoon's unack.
func TestPagerDutyStaleEvents(t *testing.T) {
	svc, st := pdService(t)
	lastChange := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC) // the service's clock
	if r := svc.Handle(context.Background(), chat.Request{Platform: "console", User: "alice", Text: "ack INC-1"}); r.Ephemeral {
		t.Fatal(r.Text)
	}
	unack := pdAck("E1")
	unack.Kind, unack.OccurredAt = handlers.PDUnacknowledged, lastChange.Add(-11*time.Minute)
	if why := apply(t, svc, unack); !strings.Contains(why, "stale") {
		t.Fatalf("an 11-minute-old unack: %q", why)
	}
	unack.ID, unack.OccurredAt = "E2", lastChange.Add(-9*time.Minute)
	if why := apply(t, svc, unack); why != "" {
		t.Fatalf("a 9-minute-old unack: %q", why)
	}
	inc, _ := st.Get(context.Background(), "INC-1")
	if n := len(pdTimeline(t, st, incident.KindUnacked)); inc.Status != incident.StatusOpen || n != 1 {
		t.Fatalf("after the unack: %s, %d unacked entries", inc.Status, n)
	}
}

func TestPagerDutyResolveEscalateReassign(t *testing.T) {
	svc, st := pdService(t)
	ctx := context.Background()
	esc := handlers.PDEvent{ID: "E1", Incident: "INC-1", Team: "noc", Kind: handlers.PDEscalated, To: []string{"Omar O"}}
	for range 2 {
		apply(t, svc, esc)
	}
	got := pdTimeline(t, st, incident.KindEscalated)
	got = got[len(got)-1:] // the chat escalations come first
	if got[0].Details["to"] != "Omar O in PagerDuty" || got[0].Actor.Name != "PagerDuty (noc)" || got[0].Actor.Platform != "pagerduty" {
		t.Fatalf("escalated: %+v", got)
	}
	if n := len(pdTimeline(t, st, incident.KindEscalated)); n != 3 {
		t.Fatalf("%d escalated entries, want 2 from chat and 1 from PagerDuty", n)
	}
	paged := len(pdTimeline(t, st, incident.KindPaged))
	re := handlers.PDEvent{ID: "E2", Incident: "INC-1", Team: "noc", Kind: handlers.PDReassigned, User: handlers.PDUser{Name: "Nora N"}, To: []string{"Omar O"}}
	if apply(t, svc, re); len(pdTimeline(t, st, incident.KindAssigned)) != 1 {
		t.Fatal("reassigned: no entry")
	}
	inc, _ := st.Get(ctx, "INC-1")
	if inc.Status != incident.StatusOpen || inc.Assignee != nil {
		t.Fatalf("a note-like entry changed the incident: %+v", inc)
	}
	res := handlers.PDEvent{ID: "E3", Incident: "INC-1", Team: "acme-it", Kind: handlers.PDResolved, User: handlers.PDUser{ID: "PALICE", Member: "Alice"}}
	apply(t, svc, res)
	resolved := pdTimeline(t, st, incident.KindResolved)
	if len(resolved) != 1 || resolved[0].Actor.Name != "Alice" || resolved[0].Actor.Side != incident.Internal || resolved[0].Details["note"] != "resolved in PagerDuty" {
		t.Fatalf("resolved: %+v", resolved)
	}
	if n := len(pdTimeline(t, st, incident.KindPaged)); n != paged {
		t.Fatalf("events inside PagerDuty paged %d teams here", n-paged)
	}
	// After the resolve, a late ack is a conflict that changes nothing.
	if why := apply(t, svc, pdAck("E4")); !strings.Contains(why, "changes nothing") || len(pdTimeline(t, st, incident.KindAcked)) != 0 {
		t.Fatalf("late ack: %q", why)
	}
}

func TestPagerDutyEventErrors(t *testing.T) {
	svc, _ := pdService(t)
	ctx := context.Background()
	unknown := pdAck("E1")
	unknown.Incident = "INC-99"
	if _, err := svc.PagerDutyEvent(ctx, unknown); incident.ErrorCode(err) != incident.ENotFound {
		t.Fatalf("unknown incident: %v", err)
	}
	odd := pdAck("E2")
	odd.Kind = "snoozed"
	if _, err := svc.PagerDutyEvent(ctx, odd); incident.ErrorCode(err) != incident.EInvalid {
		t.Fatalf("unknown kind: %v", err)
	}
}
