package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// The trim removes an incident only at the version it was read (archived)
// at, and a dedup key or room index only while it names that incident.
func TestTrimKeepsWhatChanged(t *testing.T) {
	ctx := context.Background()
	st := redistest.OpenAny(t)
	ids := redistest.SeedResolved(t, st, 3, t0, "generic")
	due, err := st.ResolvedBefore(ctx, t0.Add(24*time.Hour), 10)
	if err != nil || len(due) != 3 {
		t.Fatalf("resolved before: %v %v", due, err)
	}
	items, err := st.LoadArchivable(ctx, ids, []string{"console"})
	if err != nil || len(items) != 3 {
		t.Fatalf("load: %d %v", len(items), err)
	}
	for _, a := range items {
		if m := incident.Verify(a.Incident.ID, a.Timeline, a.Incident.Head, incident.VerifyOptions{}); m != nil {
			t.Fatalf("%s read with a timeline that does not match its head: %v", a.Incident.ID, m)
		}
	}
	// Meanwhile: the first reopens; the second's dedup key moves on to a
	// newer incident (a replace after reopen_within).
	inc := items[0].Incident
	re, events, err := inc.Reopen(incident.Monitoring, "alerts fire again", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Commit(ctx, incident.Change{Before: inc.Version, Incident: re, Events: events}); err != nil {
		t.Fatal(err)
	}
	newer, _, err := st.ClaimDedup(ctx, items[1].Incident.DedupKey, ids[1])
	if err != nil {
		t.Fatal(err)
	}

	got, err := st.Trim(ctx, items)
	if err != nil || got[0] != redisstore.Changed || got[1] != redisstore.Trimmed || got[2] != redisstore.Trimmed {
		t.Fatalf("trim outcomes %v %v", got, err)
	}
	if _, err := st.Get(ctx, ids[0]); err != nil {
		t.Errorf("the reopened %s was trimmed: %v", ids[0], err)
	}
	for _, id := range ids[1:] {
		if _, err := st.Get(ctx, id); incident.ErrorCode(err) != incident.ENotFound {
			t.Errorf("%s still there: %v", id, err)
		}
		if tl, _ := st.Timeline(ctx, id); len(tl) != 0 {
			t.Errorf("%s's timeline is still there", id)
		}
		if room, _ := st.GetRoom(ctx, id, "console"); room.Channel != "" {
			t.Errorf("%s's room is still there", id)
		}
		if owner, _ := st.IncidentByRoom(ctx, "console", items[1].Incident.Room["console"]); owner == id {
			t.Errorf("the room index still names %s", id)
		}
	}
	if id, _, _ := st.ClaimDedup(ctx, items[1].Incident.DedupKey, ""); id != newer {
		t.Errorf("the dedup key that moved on to %s now gives %s", newer, id)
	}
	if id, created, _ := st.ClaimDedup(ctx, items[2].Incident.DedupKey, ""); !created || id == ids[2] {
		t.Errorf("the trimmed incident's dedup key still gives %s (created %v)", id, created)
	}
	for _, id := range ids {
		_, pending, _ := st.TimerDue(ctx, incident.TimerID(id, incident.TimerRemindUpdate))
		if pending != (id == ids[0]) {
			t.Errorf("%s's reminder pending: %v", id, pending)
		}
	}
	if again, _ := st.Trim(ctx, items[1:]); again[0] != redisstore.Vanished {
		t.Errorf("trimming again: %v", again)
	}
	if due, _ := st.ResolvedBefore(ctx, t0.Add(24*time.Hour), 10); len(due) != 0 {
		t.Errorf("still indexed as resolved: %v", due)
	}
}

// Stores from before the resolved-at index get it filled once.
func TestBackfillResolvedIndex(t *testing.T) {
	ctx := context.Background()
	st := redistest.OpenAny(t)
	ids := redistest.SeedResolved(t, st, 5, t0, "generic")
	items, _ := st.LoadArchivable(ctx, ids, nil)
	for _, a := range items { // as if written before the index existed
		if err := st.Reindex(ctx, redisstore.Archivable{Incident: incident.Incident{ID: a.Incident.ID, Version: a.Incident.Version}}); err != nil {
			t.Fatal(err)
		}
	}
	if due, _ := st.ResolvedBefore(ctx, t0.Add(24*time.Hour), 10); len(due) != 0 {
		t.Fatalf("index not emptied: %v", due)
	}
	if n, err := st.BackfillResolvedIndex(ctx); err != nil || n != 5 {
		t.Fatalf("backfill: %d %v", n, err)
	}
	if due, _ := st.ResolvedBefore(ctx, t0.Add(24*time.Hour), 10); len(due) != 5 {
		t.Fatalf("after the backfill: %v", due)
	}
	if n, _ := st.BackfillResolvedIndex(ctx); n != 0 {
		t.Errorf("the backfill ran twice (%d)", n)
	}
}

// Compacting keeps every member and score of the indexes it rewrites.
func TestCompactIndexesKeepsMembers(t *testing.T) {
	ctx := context.Background()
	st := redistest.OpenAny(t)
	var timers []incident.Timer
	for i := range 1200 { // more than one copy chunk
		id := incident.FormatID(int64(i + 1))
		timers = append(timers, incident.Timer{ID: incident.TimerID(id, incident.TimerLadder), Kind: incident.TimerLadder, Incident: id, Due: t0.Add(time.Duration(i) * time.Second)})
	}
	if err := st.SetTimers(ctx, timers...); err != nil {
		t.Fatal(err)
	}
	if err := st.CompactIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.PendingTimers(ctx); n != 1200 {
		t.Fatalf("%d timers after compacting", n)
	}
	for _, tm := range []incident.Timer{timers[0], timers[777], timers[1199]} {
		due, ok, err := st.TimerDue(ctx, tm.ID)
		if err != nil || !ok || !due.Equal(tm.Due) {
			t.Errorf("%s: due %v %v %v, want %v", tm.ID, due, ok, err, tm.Due)
		}
	}
	claimed, err := st.ClaimTimers(ctx, "w-1/1", t0.Add(time.Hour), time.Minute, 2000)
	if err != nil || len(claimed) != 1200 || claimed[0].Incident != "INC-1" {
		t.Errorf("claimed %d timers after compacting (their data kept?): %v", len(claimed), err)
	}
}
