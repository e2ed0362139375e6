package pagerduty_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tandemhq/tandem/integrations/pagerduty"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
)

func TestOnCallLookup(t *testing.T) {
	fake := pagerdutytest.New(t)
	fake.Token = "pd-token"
	fake.SetOnCall("PSCHED", pagerdutytest.User{ID: "PNORA", Name: "Nora N", Email: "Nora@msp.example"},
		pagerdutytest.User{ID: "POMAR", Name: "Omar O", Email: "omar@msp.example"})
	c := &testClock{opened}
	oc := pagerduty.NewOnCalls(pagerduty.NewClient(fake.URL, "pd-token", nil), time.Minute, nil)
	ctx := context.Background()
	sched := pagerduty.Target{ScheduleID: "PSCHED"}

	u, err := oc.Lookup(ctx, sched, c.Now())
	if err != nil || u.ID != "PNORA" || u.Name != "Nora N" || u.Email != "Nora@msp.example" || u.Until.IsZero() {
		t.Fatalf("lookup: %+v %v", u, err)
	}
	if _, err := oc.Lookup(ctx, sched, c.Now().Add(59*time.Second)); err != nil || fake.RESTRequests() != 1 {
		t.Fatalf("cached: %v, %d requests", err, fake.RESTRequests())
	}
	c.Advance(61 * time.Second)
	fake.SetAPIDown(503)
	if _, err := oc.Lookup(ctx, sched, c.Now()); err == nil || fake.RESTRequests() != 2 {
		t.Fatalf("API down: %v, %d requests", err, fake.RESTRequests())
	}
	// A failure is kept briefly, so an outage does not slow every step.
	if _, err := oc.Lookup(ctx, sched, c.Now().Add(10*time.Second)); err == nil || fake.RESTRequests() != 2 {
		t.Fatalf("cached failure: %v, %d requests", err, fake.RESTRequests())
	}
	fake.SetAPIDown(0)
	c.Advance(16 * time.Second)
	if u, err := oc.Lookup(ctx, sched, c.Now()); err != nil || u.ID != "PNORA" {
		t.Fatalf("back: %+v %v", u, err)
	}

	fake.SetOnCall("PEP", pagerdutytest.User{ID: "POMAR", Name: "Omar O"})
	if u, err := oc.Lookup(ctx, pagerduty.Target{EscalationPolicyID: "PEP"}, c.Now()); err != nil || u.ID != "POMAR" {
		t.Fatalf("escalation policy: %+v %v", u, err)
	}
	if _, err := oc.Lookup(ctx, pagerduty.Target{ScheduleID: "PEMPTY"}, c.Now()); !errors.Is(err, pagerduty.ErrNobodyOnCall) {
		t.Fatalf("nobody: %v", err)
	}
	bad := pagerduty.NewOnCalls(pagerduty.NewClient(fake.URL, "wrong", nil), 0, nil)
	if _, err := bad.Lookup(ctx, sched, c.Now()); err == nil {
		t.Fatal("a wrong token was accepted")
	}
}

func TestAlertKeys(t *testing.T) {
	fake := pagerdutytest.New(t)
	fake.SetAlerts("PINC7", "other-tool-key", "INC-7/noc")
	client := pagerduty.NewClient(fake.URL, "tok", nil)
	keys, err := client.AlertKeys(context.Background(), "PINC7")
	if err != nil || len(keys) != 2 || keys[1] != "INC-7/noc" {
		t.Fatalf("keys %v %v", keys, err)
	}
	if keys, err := client.AlertKeys(context.Background(), "PNOPE"); err != nil || len(keys) != 0 {
		t.Fatalf("unknown incident: %v %v", keys, err)
	}
	fake.SetAPIDown(500)
	if _, err := client.AlertKeys(context.Background(), "PINC7"); err == nil {
		t.Fatal("API down gave no error")
	}
}
