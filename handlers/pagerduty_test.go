package handlers_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// pdService has an internal and an MSP team, and one open incident, INC-1,
// declared by Alice; noc's page went out through PagerDuty.
func pdService(t *testing.T) (*handlers.Service, *redisstore.Store) {
	t.Helper()
	st := redistest.OpenAny(t)
	teams := map[string]*handlers.Team{
		"acme-it": {Name: "acme-it", Side: incident.Internal, Members: []string{"Alice"}},
		"noc":     {Name: "noc", Side: incident.MSP, Members: []string{"Nora"}},
	}
	dir := handlers.NewDirectory(teams, nil, []handlers.Member{
		{Name: "Alice", Side: incident.Internal, Team: "acme-it"}, {Name: "Nora", Side: incident.MSP, Team: "noc"}})
	now := func() time.Time { return time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC) }
	svc := handlers.New(st, handlers.Options{Now: now, Directory: dir, Platforms: []string{"console"},
		Services: map[string]handlers.ServiceRule{"database": {Owner: "acme-it", Severity: incident.Sev2}}, DefaultService: "database"})
	if r := svc.Handle(context.Background(), chat.Request{Platform: "console", User: "alice", Text: "declare Disk full"}); r.Ephemeral {
		t.Fatalf("declare: %s", r.Text)
	}
	return svc, st
}

func pdAck(id string) handlers.PDEvent {
	return handlers.PDEvent{ID: id, Incident: "INC-1", Team: "noc", Kind: handlers.PDAcknowledged,
		User: handlers.PDUser{ID: "PNORA", Name: "Nora N"}, URL: "https://acme.pagerduty.com/incidents/PINC1"}
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

func TestPagerDutyAckActsAsThePagerDutyUserOnce(t *testing.T) {
	svc, st := pdService(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 3 { // the same event delivered three times, at once
		wg.Go(func() {
			if err := svc.PagerDutyEvent(ctx, pdAck("E1")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	inc, _ := st.Get(ctx, "INC-1")
	want := incident.Actor{Name: "Nora N", Side: incident.MSP, Platform: "pagerduty", User: "PNORA"}
	if inc.Status != incident.StatusAcked || inc.AckedBy == nil || *inc.AckedBy != want {
		t.Fatalf("incident: %s acked by %+v", inc.Status, inc.AckedBy)
	}
	acks := pdTimeline(t, st, incident.KindAcked)
	if len(acks) != 1 || acks[0].Details["pagerduty_event"] != "E1" || acks[0].Details["pagerduty_incident"] == "" {
		t.Fatalf("acked entries: %+v", acks)
	}
	if got := chat.DescribeEvent(acks[0]); got != "✅ acknowledged by Nora N (MSP) from PagerDuty" {
		t.Fatalf("room line: %q", got)
	}
	// Another ack (say, Tandem's own ack coming back) changes nothing either.
	if err := svc.PagerDutyEvent(ctx, pdAck("E2")); err != nil || len(pdTimeline(t, st, incident.KindAcked)) != 1 {
		t.Fatalf("second ack: %v", err)
	}
}

func TestPagerDutyResolveEscalateReassign(t *testing.T) {
	svc, st := pdService(t)
	ctx := context.Background()
	esc := handlers.PDEvent{ID: "E1", Incident: "INC-1", Team: "noc", Kind: handlers.PDEscalated, To: []string{"Omar O"}}
	for range 2 {
		if err := svc.PagerDutyEvent(ctx, esc); err != nil {
			t.Fatal(err)
		}
	}
	got := pdTimeline(t, st, incident.KindEscalated)
	if len(got) != 1 || got[0].Details["to"] != "Omar O in PagerDuty" || got[0].Actor.Name != "PagerDuty" || got[0].Actor.Platform != "pagerduty" {
		t.Fatalf("escalated: %+v", got)
	}
	if n := len(pdTimeline(t, st, incident.KindPaged)); n != 0 {
		t.Fatalf("an escalation inside PagerDuty paged %d teams here", n)
	}
	re := handlers.PDEvent{ID: "E2", Incident: "INC-1", Team: "noc", Kind: handlers.PDReassigned, User: handlers.PDUser{Name: "Nora N"}, To: []string{"Omar O"}}
	if err := svc.PagerDutyEvent(ctx, re); err != nil || len(pdTimeline(t, st, incident.KindAssigned)) != 1 {
		t.Fatalf("reassigned: %v", err)
	}
	inc, _ := st.Get(ctx, "INC-1")
	if inc.Status != incident.StatusOpen || inc.Assignee != nil {
		t.Fatalf("a note-like entry changed the incident: %+v", inc)
	}
	res := handlers.PDEvent{ID: "E3", Incident: "INC-1", Team: "acme-it", Kind: handlers.PDResolved, User: handlers.PDUser{ID: "PALICE", Name: "Alice A"}}
	if err := svc.PagerDutyEvent(ctx, res); err != nil {
		t.Fatal(err)
	}
	resolved := pdTimeline(t, st, incident.KindResolved)
	if len(resolved) != 1 || resolved[0].Actor.Side != incident.Internal || resolved[0].Details["note"] != "resolved in PagerDuty" {
		t.Fatalf("resolved: %+v", resolved)
	}
	// After the resolve, a late ack is a conflict that changes nothing.
	if err := svc.PagerDutyEvent(ctx, pdAck("E4")); err != nil || len(pdTimeline(t, st, incident.KindAcked)) != 0 {
		t.Fatalf("late ack: %v", err)
	}
}

func TestPagerDutyEventErrors(t *testing.T) {
	svc, _ := pdService(t)
	ctx := context.Background()
	unknown := pdAck("E1")
	unknown.Incident = "INC-99"
	if err := svc.PagerDutyEvent(ctx, unknown); incident.ErrorCode(err) != incident.ENotFound {
		t.Fatalf("unknown incident: %v", err)
	}
	odd := pdAck("E2")
	odd.Kind = "snoozed"
	if err := svc.PagerDutyEvent(ctx, odd); incident.ErrorCode(err) != incident.EInvalid {
		t.Fatalf("unknown kind: %v", err)
	}
}
