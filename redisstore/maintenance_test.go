package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// A recurring window opened twice under one claim is stored once; held
// alerts keep when they were first seen and their latest state; once the
// window ended nothing more is held.
func TestMaintenanceWindowStore(t *testing.T) {
	ctx := context.Background()
	st := redistest.Open(t)
	now := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	w := incident.Window{Name: "patch", Services: []string{"database"}, Start: now, End: now.Add(time.Hour), By: incident.Tandem}
	end := incident.Timer{Kind: incident.TimerMaintenanceEnd, Due: w.End}
	a, err := st.CreateWindow(ctx, w, "patch:1", end)
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.CreateWindow(ctx, w, "patch:1", end)
	if err != nil || a.ID != "MW-1" || b.ID != "MW-1" {
		t.Fatalf("claimed twice: %s, %s (%v)", a.ID, b.ID, err)
	}
	if due, ok, err := st.TimerDue(ctx, "MW-1/maintenance.end"); err != nil || !ok || !due.Equal(w.End) {
		t.Fatalf("end timer: %v %v %v", due, ok, err)
	}
	g := incident.AlertGroup{Source: "generic", Key: "disk", Service: "database",
		Alerts: []incident.Alert{{Fingerprint: "f1", Status: incident.AlertFiring}}}
	if n, held, err := st.HoldAlerts(ctx, a, g, now.Add(time.Minute)); err != nil || !held || n != 1 {
		t.Fatalf("hold: %d %v %v", n, held, err)
	}
	g.Alerts[0].Status = incident.AlertResolved
	if n, held, err := st.HoldAlerts(ctx, a, g, now.Add(2*time.Minute)); err != nil || !held || n != 0 {
		t.Fatalf("hold again: %d %v %v", n, held, err)
	}
	hs, err := st.HeldAlerts(ctx, "MW-1")
	if err != nil || len(hs) != 1 || !hs[0].Since.Equal(now.Add(time.Minute)) || hs[0].Group.Alerts[0].Status != incident.AlertResolved {
		t.Fatalf("held: %+v %v", hs, err)
	}
	if ended, err := st.EndWindow(ctx, "MW-1", now.Add(3*time.Minute), nil, true); err != nil || !ended {
		t.Fatalf("end: %v %v", ended, err)
	}
	if ended, _ := st.EndWindow(ctx, "MW-1", now.Add(4*time.Minute), nil, true); ended {
		t.Fatal("ended twice")
	}
	if _, held, err := st.HoldAlerts(ctx, a, g, now.Add(5*time.Minute)); err != nil || held {
		t.Fatalf("held after the end: %v %v", held, err)
	}
	got, err := st.Window(ctx, "MW-1")
	if err != nil || !got.EndedAt.Equal(now.Add(3*time.Minute)) || got.Suppressed != 1 || got.Open(now.Add(4*time.Minute)) {
		t.Fatalf("window: %+v %v", got, err)
	}
	if _, err := st.Window(ctx, "MW-9"); incident.ErrorCode(err) != incident.ENotFound {
		t.Fatalf("unknown window: %v", err)
	}
}
