package handlers

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
)

func resolvedAlert(service string) incident.AlertGroup {
	g := alert(service)
	g.Alerts[0].Status = incident.AlertResolved
	return g
}

func (c *changes) lastChange(t *testing.T) incident.Change {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.all[len(c.all)-1]
}

func (c *changes) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.all)
}

// Resolving sets the close timer; when it fires, each room gets one
// room.close naming its channel; a reopening cancels the timer, or (after
// the close) plans a new room replacing the closed one.
func TestRoomLifecyclePlan(t *testing.T) {
	s, got := mirrored(t, []string{"slack"}, bothChats)
	s.opt.ArchiveAfter = time.Hour
	ctx := context.Background()
	id, err := s.Intake(ctx, alert("database"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RoomCreated(ctx, id, "slack", "C1", "inc-1-disk-full-on-db-01"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Intake(ctx, resolvedAlert("database")); err != nil {
		t.Fatal(err)
	}
	closeID := incident.TimerID(id, incident.TimerRoomClose)
	i := slices.IndexFunc(got.lastChange(t).Timers, func(tm incident.Timer) bool { return tm.ID == closeID })
	if i < 0 || !got.lastChange(t).Timers[i].Due.Equal(tuesday03.Add(time.Hour)) {
		t.Fatalf("close timer: %+v", got.lastChange(t).Timers)
	}
	timer := incident.Timer{ID: closeID, Kind: incident.TimerRoomClose, Incident: id}
	if err := s.FireTimer(ctx, timer); err != nil {
		t.Fatal(err)
	}
	ch := got.lastChange(t)
	if len(ch.Effects) != 1 || ch.Effects[0].ID != "INC-1/room.close/slack/C1" || ch.Effects[0].Channel != "C1" ||
		!strings.Contains(ch.Effects[0].Text, "/incident timeline INC-1") || ch.Events[0].Kind != incident.KindRoomClosed {
		t.Fatalf("close: %+v", ch)
	}
	n := got.count()
	if err := s.FireTimer(ctx, timer); err != nil { // a timer run twice after a crash
		t.Fatal(err)
	}
	if got.count() != n {
		t.Fatal("closing twice committed a change")
	}
	// A later entry on a resolved incident posts nowhere: its room is closed.
	if err := s.RoomClosed(ctx, id, "slack", "C1", "archived"); err != nil {
		t.Fatal(err)
	}
	wantEffects(t, got)
	// Reopened: a new room, replacing the closed one.
	if _, err := s.Intake(ctx, alert("database")); err != nil {
		t.Fatal(err)
	}
	reopen := got.lastChange(t)
	if !slices.Contains(reopen.Cancel, closeID) {
		t.Fatalf("reopening keeps the close timer: %v", reopen.Cancel)
	}
	i = slices.IndexFunc(reopen.Effects, func(e incident.Effect) bool { return e.Kind == incident.EffectRoomCreate })
	if i < 0 || reopen.Effects[i].ID != "INC-1/room.create/slack/C1" || reopen.Effects[i].Data["replaces"] != "C1" {
		t.Fatalf("reopen effects: %+v", reopen.Effects)
	}
	// Until the new room exists, changes sync (the sync waits for it).
	if err := s.RoomCreated(ctx, id, "slack", "C2", "inc-1-disk-full-on-db-01-2"); err != nil {
		t.Fatal(err)
	}
	wantEffects(t, got, "room.sync slack")
}

// archive_after 0 keeps rooms open: no close timer.
func TestRoomsKeptOpen(t *testing.T) {
	s, got := mirrored(t, []string{"slack"}, bothChats)
	ctx := context.Background()
	if _, err := s.Intake(ctx, alert("database")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Intake(ctx, resolvedAlert("database")); err != nil {
		t.Fatal(err)
	}
	for _, tm := range got.lastChange(t).Timers {
		if tm.Kind == incident.TimerRoomClose {
			t.Fatalf("close timer with archive_after 0: %+v", tm)
		}
	}
}
