package faults

import (
	"context"
	"fmt"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// A primary, two replicas and three Sentinels; the bot on them with
// redis.wait_replicas: 1, under webhook traffic. The primary is lost (killed
// with SIGKILL; or, planned, paused for writes and failed over with
// SENTINEL FAILOVER): the bot follows the new primary by itself, webhooks
// answer 503 for the moment it takes and 202 again after, every alert
// answered 202 is stored, and every room and page happens once.
func TestSentinelFailover(t *testing.T) {
	t.Parallel()
	for _, planned := range []bool{false, true} {
		name := "PrimaryKilled"
		if planned {
			name = "PlannedFailover"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sentinelFailover(t, planned)
		})
	}
}

func sentinelFailover(t *testing.T, planned bool) {
	s := redistest.StartSentinel(t, 2)
	// ladderScenario on a Sentinel-managed primary, acknowledging a change
	// only once a replica has it (redis.wait_replicas).
	sc := ladderScenario()
	sc.RedisKeys = fmt.Sprintf("sentinel_addrs: [%s], sentinel_master: %s, wait_replicas: 1", strings.Join(s.Addrs, ", "), redistest.MasterName)
	sc.At = t0
	w := sc.Start(t)
	b := w.Bot

	tr := startTraffic(b.URL, 4)
	bottest.Eventually(t, patience, func() bool { return len(tr.acceptedNow()) >= 100 }, "100 alerts accepted")
	old, err := s.Primary()
	if err != nil {
		t.Fatal(err)
	}
	lost := time.Now()
	if planned {
		// The maintenance procedure of docs/operations.md.
		if _, err := redistest.Command(old, "CLIENT", "PAUSE", "5000", "WRITE"); err != nil {
			t.Fatal(err)
		}
		s.Failover()
	} else {
		s.Server(old).Kill()
	}
	now := s.WaitNewPrimary(old, 30*time.Second)
	switched := time.Now()
	missing, incs, repeated := nothingLostOrRepeated(t, b, tr, switched, func() string {
		primary, err := s.Primary()
		repl, rerr := redistest.Command(primary, "INFO", "replication")
		return fmt.Sprintf("primary now %s (%v); its replication: %s %v", primary, err, repl, rerr)
	})
	t.Logf("primary %s lost (planned %v) → %s in %v; webhooks: %d × 503 and %d × 202 meanwhile; %d alerts answered 202 in all, missing %d; %d incidents, rooms and pages repeated %d",
		old, planned, now, switched.Sub(lost).Round(10*time.Millisecond), tr.count(lost, switched, 503), tr.count(lost, switched, 202),
		len(tr.acceptedNow()), missing, incs, repeated)
}

// nothingLostOrRepeated is the verdict after Redis lost its primary under
// webhook traffic (tr) and a new one took over (at switched): once webhooks
// are accepted again and the traffic halted, every alert answered 202 is
// on its incident's timeline, and every open incident gets its room and
// first page exactly once. diag describes Redis when that does not happen.
// It returns the alerts missing, the incidents and the rooms or pages
// repeated.
func nothingLostOrRepeated(t *testing.T, b *bottest.Bot, tr *traffic, switched time.Time, diag func() string) (missing, incidents, repeated int) {
	t.Helper()
	ctx := context.Background()
	bottest.Eventually(t, patience, func() bool { return tr.count(switched, time.Now(), 202) >= 50 }, "webhooks accepted again")
	tr.halt()
	for key, id := range tr.acceptedNow() {
		var tl []incident.Event
		var err error
		until(5*time.Second, func() bool { tl, err = b.Store().Timeline(ctx, id); return err == nil })
		if err != nil || count(tl, incident.KindAlertFiring, "fingerprint", key) == 0 {
			missing++
			t.Errorf("alert %s was answered 202 (%s) but is not stored: %s %v", key, id, kindsOf(tl), err)
		}
	}
	incs, err := b.Store().List(ctx, incident.StatusOpen)
	if err != nil {
		t.Fatal(err)
	}
	if waiting := waitRoomsAndPages(b, incs); len(waiting) > 0 {
		var state []string
		for _, id := range waiting[:min(5, len(waiting))] {
			tl, err := b.Store().Timeline(ctx, id)
			state = append(state, id+": "+kindsOf(tl)+" "+fmt_err(err))
		}
		depth, _ := b.Store().OutboxDepth(ctx)
		timers, _ := b.Store().PendingTimers(ctx)
		var stacks strings.Builder
		pprof.Lookup("goroutine").WriteTo(&stacks, 1)
		t.Logf("goroutines:\n%s\n%s", stacks.String(), diag())
		t.Fatalf("%d incidents without room or first page after the failover: %s; outbox %d, timers %d\n%s",
			len(waiting), strings.Join(state, "; "), depth, timers, lastLines(b.Logs.String(), 40))
	}
	time.Sleep(time.Second)
	out := b.Out.String()
	for _, inc := range incs {
		if n := consolePages(out)[inc.ID+"/acme-it/1"]; n != 1 {
			repeated++
			t.Errorf("%s paged %d times", inc.ID, n)
		}
		if n := strings.Count(out, " created for "+inc.ID+" ──"); n != 1 {
			repeated++
			t.Errorf("%s: room created %d times", inc.ID, n)
		}
	}
	return missing, len(incs), repeated
}

// waitRoomsAndPages waits up to a minute for every incident of incs to have
// its room and first page, and returns those still without.
func waitRoomsAndPages(b *bottest.Bot, incs []incident.Incident) []string {
	var waiting []string
	until(60*time.Second, func() bool {
		pages := consolePages(b.Out.String())
		waiting = nil
		for _, inc := range incs {
			if pages[inc.ID+"/acme-it/1"] == 0 || !strings.Contains(b.Out.String(), " created for "+inc.ID+" ──") {
				waiting = append(waiting, inc.ID)
			}
		}
		return len(waiting) == 0
	})
	return waiting
}

func fmt_err(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
