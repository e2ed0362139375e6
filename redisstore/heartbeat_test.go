package redisstore_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// A worker's process stops beating (killed): another takes over what it
// held as soon as it counts as dead, not after the stale minimum; a live
// process's entries, and those of a process never seen beating (an older
// version during an upgrade), are left alone.
func TestClaimOrphansOfSilentProcess(t *testing.T) {
	st := redistest.Open(t)
	ctx := context.Background()
	const dead, idle = 400 * time.Millisecond, 50 * time.Millisecond
	enqueue := func(id string) {
		if err := st.Enqueue(ctx, incident.Effect{ID: id, Kind: incident.EffectChannelPost, Text: id}); err != nil {
			t.Fatal(err)
		}
	}
	read := func(consumer string) {
		if got, err := st.ReadOutbox(ctx, consumer, 1, 10*time.Millisecond); err != nil || len(got) != 1 {
			t.Fatalf("%s read %v %v", consumer, got, err)
		}
	}
	for _, p := range []string{"alive", "killed"} {
		if err := st.Heartbeat(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	enqueue("held-by-alive")
	read("alive-0")
	enqueue("held-by-killed")
	read("killed-3")
	enqueue("held-by-old-version")
	read("old-0")

	time.Sleep(dead / 2)
	if got, err := st.ClaimOrphans(ctx, "taker-0", idle, dead, 10); err != nil || len(got) != 0 {
		t.Fatalf("before anyone counts as dead: %+v %v", got, err)
	}
	// "alive" keeps beating; "killed" has stopped.
	for end := time.Now().Add(dead); time.Now().Before(end); time.Sleep(dead / 4) {
		if err := st.Heartbeat(ctx, "alive"); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.ClaimOrphans(ctx, "taker-0", idle, dead, 10)
	if err != nil || len(got) != 1 || got[0].Effect.ID != "held-by-killed" || !got[0].Redelivered {
		t.Fatalf("after the killed process fell silent: %+v %v, want held-by-killed only", got, err)
	}
	if again, err := st.ClaimOrphans(ctx, "taker-1", idle, dead, 10); err != nil || len(again) != 0 {
		t.Fatalf("taken over twice: %+v %v", again, err)
	}
}

// A room lock held by a worker of a live process waits for its lease; one
// held by a worker of a process silent for ProcessDeadAfter is taken at
// once.
func TestLockOfDeadProcessIsTaken(t *testing.T) {
	st, kill := twoProcesses(t)
	ctx := context.Background()
	now := time.Now()
	for _, owner := range []string{"alive-0/1", "killed-2/7"} {
		if ok, err := st.Lock(ctx, "room:"+owner, owner, now, 30*time.Second); !ok || err != nil {
			t.Fatalf("%s: %v %v", owner, ok, err)
		}
	}
	kill()
	if ok, _ := st.Lock(ctx, "room:alive-0/1", "taker-0/1", now.Add(time.Second), 30*time.Second); ok {
		t.Fatal("the lock of a live process was taken before its lease ran out")
	}
	if ok, err := st.Lock(ctx, "room:killed-2/7", "taker-0/1", now.Add(time.Second), 30*time.Second); !ok || err != nil {
		t.Fatalf("the lock of a dead process was not taken: %v %v", ok, err)
	}
}

// A timer in the hands of a process that stopped beating comes back at
// the next claim, not when its lease runs out; one held by a live process
// waits for its lease.
func TestTimerOfDeadProcessComesBack(t *testing.T) {
	st, kill := twoProcesses(t)
	ctx := context.Background()
	now := time.Now()
	for _, owner := range []string{"alive", "killed"} {
		tm := incident.Timer{ID: "INC-1/" + owner, Kind: incident.TimerLadder, Incident: "INC-1", Due: now}
		if err := st.SetTimers(ctx, tm); err != nil {
			t.Fatal(err)
		}
		if got, err := st.ClaimTimers(ctx, owner, now, time.Minute, 1); err != nil || len(got) != 1 {
			t.Fatalf("%s claimed %v %v", owner, got, err)
		}
	}
	if got, _ := st.ClaimTimers(ctx, "taker", now.Add(time.Second), time.Minute, 10); len(got) != 0 {
		t.Fatalf("both owners beat: %v came back", got)
	}
	kill()
	got, err := st.ClaimTimers(ctx, "taker", now.Add(time.Second), time.Minute, 10)
	if err != nil || len(got) != 1 || got[0].ID != "INC-1/killed" {
		t.Fatalf("after the killed process fell silent: %v %v, want INC-1/killed only", got, err)
	}
}

// twoProcesses opens a store on its own server where processes "alive" and
// "killed" have beaten; kill makes "killed" look silent for longer than
// ProcessDeadAfter, on Redis's clock (a test cannot wait 10 s).
func twoProcesses(t *testing.T) (st *redisstore.Store, kill func()) {
	t.Helper()
	srv := redistest.Start(t)
	prefix := redistest.Prefix(t)
	st, err := redisstore.Open(context.Background(), redisstore.Options{URL: srv.URL(), Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, p := range []string{"alive", "killed"} {
		if err := st.Heartbeat(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	return st, func() {
		t.Helper()
		out, err := redistest.Command(srv.Addr, "TIME")
		if err != nil {
			t.Fatal(err)
		}
		secs, _ := strconv.ParseInt(strings.Fields(out)[0], 10, 64)
		stale := secs*1000 - redisstore.ProcessDeadAfter.Milliseconds() - 1000
		if _, err := redistest.Command(srv.Addr, "HSET", prefix+"{default}:heartbeats", "killed", strconv.FormatInt(stale, 10)); err != nil {
			t.Fatal(err)
		}
	}
}
