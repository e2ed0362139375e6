package redisstore_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

var t0 = time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)

func openIncident(t *testing.T, id string) (incident.Incident, []incident.Event) {
	t.Helper()
	inc, evs, err := incident.Open(id, incident.Spec{Title: "Disk full", Severity: incident.Sev2}, incident.Monitoring, t0)
	if err != nil {
		t.Fatal(err)
	}
	return inc, evs
}

// create opens an incident the way intake does: claim the dedup key, create
// when the claim is new, and otherwise read what the winner wrote.
func create(ctx context.Context, st *redisstore.Store, t *testing.T, key string) string {
	for {
		id, _, err := st.ClaimDedup(ctx, key, "")
		if err != nil {
			t.Error(err)
			return ""
		}
		if _, err := st.Get(ctx, id); err == nil {
			return id
		}
		inc, evs := openIncident(t, id)
		_, err = st.Commit(ctx, redisstore.Change{Incident: inc, Events: evs,
			Effects: []incident.Effect{{ID: id + "/room.create/console", Kind: incident.EffectRoomCreate, Incident: id}}})
		if err == nil || errors.Is(err, redisstore.ErrStale) {
			return id
		}
		t.Error(err)
		return ""
	}
}

func TestConcurrentDeclaresGetDistinctNumbers(t *testing.T) {
	st := redistest.Open(t)
	ctx := context.Background()
	const n = 50
	ids := make(chan string, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			id, err := st.NextID(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			inc, evs := openIncident(t, id)
			if _, err := st.Commit(ctx, redisstore.Change{Incident: inc, Events: evs}); err != nil {
				t.Error(err)
			}
			ids <- id
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("%s allocated twice", id)
		}
		seen[id] = true
	}
	open, err := st.List(ctx, incident.StatusOpen)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != n || len(open) != n {
		t.Fatalf("got %d IDs and %d open incidents, want %d", len(seen), len(open), n)
	}
}

func TestConcurrentDeliveriesOfOneDedupKeyMakeOneIncident(t *testing.T) {
	st := redistest.Open(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	ids := make([]string, 64)
	for i := range ids {
		wg.Go(func() { ids[i] = create(ctx, st, t, "generic:disk-full") })
	}
	wg.Wait()
	for _, id := range ids {
		if id != "INC-1" {
			t.Fatalf("a delivery got %q, want INC-1 for all: %v", id, ids)
		}
	}
	open, _ := st.List(ctx, incident.StatusOpen)
	tl, _ := st.Timeline(ctx, "INC-1")
	depth, _ := st.OutboxDepth(ctx)
	if len(open) != 1 || len(tl) != 1 || depth != 1 {
		t.Fatalf("open=%d timeline=%d outbox=%d, want 1 each", len(open), len(tl), depth)
	}
	next, _ := st.NextID(ctx)
	if next != "INC-2" {
		t.Fatalf("next ID %s: the losers allocated numbers", next)
	}
}

func TestCommitIsAllOrNothing(t *testing.T) {
	st := redistest.Open(t)
	ctx := context.Background()
	inc, evs := openIncident(t, "INC-1")
	v, err := st.Commit(ctx, redisstore.Change{Incident: inc, Events: evs,
		Timers: []incident.Timer{{ID: "INC-1/ladder", Kind: incident.TimerLadder, Incident: "INC-1", Due: t0.Add(time.Minute)}},
	})
	if err != nil || v != 1 {
		t.Fatalf("create: v=%d err=%v", v, err)
	}
	acked, ackEvs, _ := inc.Ack(incident.Actor{Name: "Alice", Side: incident.Internal}, t0.Add(time.Minute))
	change := redisstore.Change{Before: 1, Incident: acked, Events: ackEvs, Cancel: []string{"INC-1/ladder"},
		Effects: []incident.Effect{{Kind: incident.EffectRoomSync, Incident: "INC-1"}},
		Timers:  []incident.Timer{{ID: "INC-1/remind.update", Kind: incident.TimerRemindUpdate, Incident: "INC-1", Due: t0.Add(time.Hour)}},
	}

	t.Run("StaleWritesNothing", func(t *testing.T) {
		stale := change
		stale.Before = 7
		if _, err := st.Commit(ctx, stale); !errors.Is(err, redisstore.ErrStale) {
			t.Fatalf("err = %v, want ErrStale", err)
		}
		assertState(t, st, incident.StatusOpen, 1, 0, "INC-1/ladder")
	})
	t.Run("OK", func(t *testing.T) {
		if _, err := st.Commit(ctx, change); err != nil {
			t.Fatal(err)
		}
		assertState(t, st, incident.StatusAcked, 2, 1, "INC-1/remind.update")
	})
	t.Run("SameVersionTwiceWritesOnce", func(t *testing.T) {
		if _, err := st.Commit(ctx, change); !errors.Is(err, redisstore.ErrStale) {
			t.Fatalf("err = %v, want ErrStale", err)
		}
		assertState(t, st, incident.StatusAcked, 2, 1, "INC-1/remind.update")
	})
}

func assertState(t *testing.T, st *redisstore.Store, status incident.Status, timeline int, outbox int64, timer string) {
	t.Helper()
	ctx := context.Background()
	inc, err := st.Get(ctx, "INC-1")
	if err != nil {
		t.Fatal(err)
	}
	tl, _ := st.Timeline(ctx, "INC-1")
	depth, _ := st.OutboxDepth(ctx)
	pending, _ := st.PendingTimers(ctx)
	_, ok, _ := st.TimerDue(ctx, timer)
	byStatus, _ := st.List(ctx, status)
	if inc.Status != status || len(tl) != timeline || depth != outbox || pending != 1 || !ok || len(byStatus) != 1 {
		t.Fatalf("status=%s timeline=%d outbox=%d timers=%d %s=%v indexed=%d; want %s %d %d 1 true 1",
			inc.Status, len(tl), depth, pending, timer, ok, len(byStatus), status, timeline, outbox)
	}
}

func TestOutboxEntryOfDeadWorkerIsDeliveredOnce(t *testing.T) {
	st := redistest.Open(t)
	ctx := context.Background()
	effect := incident.Effect{ID: "INC-1/room.create/console", Kind: incident.EffectRoomCreate, Incident: "INC-1"}
	if err := st.Enqueue(ctx, effect); err != nil {
		t.Fatal(err)
	}
	// Worker A reads the entry and dies before delivering it.
	got, err := st.ReadOutbox(ctx, "worker-a", 10, 0)
	if err != nil || len(got) != 1 {
		t.Fatalf("worker A read %d entries, err %v", len(got), err)
	}
	// Nothing new for worker B; the entry is pending on A.
	if more, _ := st.ReadOutbox(ctx, "worker-b", 10, 10*time.Millisecond); len(more) != 0 {
		t.Fatalf("worker B read %d new entries, want 0", len(more))
	}
	time.Sleep(30 * time.Millisecond)
	deliveries := 0
	deliver := func(worker string) {
		entries, err := st.ClaimStale(ctx, worker, 20*time.Millisecond, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if done, _ := st.Delivered(ctx, e.Effect.ID); done {
				continue
			}
			deliveries++
			if err := st.DoneOutbox(ctx, e.ID, e.Effect.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	deliver("worker-b")
	time.Sleep(30 * time.Millisecond)
	deliver("worker-c")
	if deliveries != 1 {
		t.Fatalf("delivered %d times, want 1", deliveries)
	}
	if depth, _ := st.OutboxDepth(ctx); depth != 0 {
		t.Fatalf("outbox depth %d after delivery", depth)
	}
}

func TestTimersClaimLeaseAndFinish(t *testing.T) {
	st := redistest.Open(t)
	ctx := context.Background()
	timer := incident.Timer{ID: "INC-1/remind.unack", Kind: incident.TimerRemindUnack, Incident: "INC-1", Due: t0}
	if err := st.SetTimers(ctx, timer); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.ClaimTimers(ctx, "", t0.Add(-time.Second), time.Minute, 10); len(got) != 0 {
		t.Fatalf("claimed %d timers before they were due", len(got))
	}
	if due, err := st.AnyTimerDue(ctx, t0.Add(-time.Millisecond)); err != nil || due {
		t.Fatalf("AnyTimerDue before its time = %v, %v", due, err)
	}
	if due, err := st.AnyTimerDue(ctx, t0); err != nil || !due {
		t.Fatalf("AnyTimerDue at its time = %v, %v", due, err)
	}
	got, err := st.ClaimTimers(ctx, "", t0, time.Minute, 10)
	if err != nil || len(got) != 1 || got[0].Kind != incident.TimerRemindUnack || !got[0].Due.Equal(t0) {
		t.Fatalf("claim: %+v, %v", got, err)
	}
	// A reader sees the claimed timer at the time it was due (a hand-over
	// at that very moment says the step is under way).
	if due, ok, err := st.TimerDue(ctx, timer.ID); err != nil || !ok || !due.Equal(t0) {
		t.Fatalf("in flight: TimerDue = %v, %v, %v; want %v", due, ok, err, t0)
	}
	// A second worker gets nothing while the lease holds...
	if again, _ := st.ClaimTimers(ctx, "", t0.Add(30*time.Second), time.Minute, 10); len(again) != 0 {
		t.Fatalf("claimed a leased timer")
	}
	// ...and the timer back once the lease ran out (its worker died).
	again, _ := st.ClaimTimers(ctx, "", t0.Add(61*time.Second), time.Minute, 10)
	if len(again) != 1 {
		t.Fatalf("expired lease: claimed %d, want 1", len(again))
	}
	if err := st.FinishTimer(ctx, timer.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.PendingTimers(ctx); n != 0 {
		t.Fatalf("%d timers pending after finish", n)
	}
	if _, ok, _ := st.TimerDue(ctx, timer.ID); ok {
		t.Fatal("finished timer still due")
	}
}

// A scheduled job's firing is claimed once, with its posts.
func TestJobClaimedOnce(t *testing.T) {
	st := redistest.Open(t)
	ctx := context.Background()
	wins := 0
	for range 3 {
		post := incident.Effect{ID: "weekly/text", Kind: incident.EffectChannelPost, Platform: "console", Channel: "#managers", Text: "report"}
		if ok, err := st.EnqueueJob(ctx, "weekly", t0, post); err != nil {
			t.Fatal(err)
		} else if ok {
			wins++
		}
	}
	if wins != 1 {
		t.Fatalf("job claimed %d times", wins)
	}
	// Its post was enqueued with the one claim that won, and only then.
	entries, err := st.ReadOutbox(ctx, "w", 10, 10*time.Millisecond)
	if err != nil || len(entries) != 1 || entries[0].Effect.ID != "weekly/text" {
		t.Fatalf("outbox after three claims: %+v %v, want the one post", entries, err)
	}
}

func TestLockLease(t *testing.T) {
	st := redistest.Open(t)
	ctx := context.Background()
	if ok, _ := st.Lock(ctx, "room", "a", t0, time.Second); !ok {
		t.Fatal("a could not take a free lock")
	}
	if ok, _ := st.Lock(ctx, "room", "b", t0.Add(500*time.Millisecond), time.Second); ok {
		t.Fatal("b took a held lock")
	}
	if ok, _ := st.Lock(ctx, "room", "b", t0.Add(2*time.Second), time.Second); !ok {
		t.Fatal("b could not take an expired lock")
	}
	st.Unlock(ctx, "room", "a") // not a's any more: no effect
	if ok, _ := st.Lock(ctx, "room", "a", t0.Add(2500*time.Millisecond), time.Second); ok {
		t.Fatal("a's unlock released b's lock")
	}
}

// Every process of a deployment gets the same ID (the first one makes it);
// another deployment (another prefix) gets another.
func TestDeploymentID(t *testing.T) {
	ctx := context.Background()
	url, prefix := redistest.URL(t), redistest.Prefix(t)
	open := func(prefix string) *redisstore.Store {
		st, err := redisstore.Open(ctx, redisstore.Options{URL: url, Prefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	a, err1 := open(prefix).DeploymentID(ctx)
	b, err2 := open(prefix).DeploymentID(ctx)
	other, err3 := open(prefix + "other:").DeploymentID(ctx)
	if err := errors.Join(err1, err2, err3); err != nil {
		t.Fatal(err)
	}
	if a == "" || a != b || a == other {
		t.Fatalf("IDs %q, %q (same deployment), %q (another)", a, b, other)
	}
}
