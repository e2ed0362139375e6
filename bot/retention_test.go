package bot_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/archive"
	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// retentionYAML is the test config with retention on, archiving to dir.
func retentionYAML(t *testing.T, redisURL, dir string) string {
	return testYAML(t, redisURL, "") + fmt.Sprintf("\nretention: {resolved_after: 400d, archive_dir: %q}\n", dir)
}

// usedMemory is INFO memory's used_memory of the server at addr.
func usedMemory(t *testing.T, addr string) int64 {
	t.Helper()
	info, err := redistest.Command(addr, "INFO", "memory")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "used_memory:"); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	t.Fatalf("no used_memory in INFO memory:\n%s", info)
	return 0
}

func dbSize(t *testing.T, addr string) int {
	t.Helper()
	v, err := redistest.Command(addr, "DBSIZE")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(v)
	return n
}

// keyMemory is DBSIZE and MEMORY USAGE summed over every key.
func keyMemory(t *testing.T, addr string) (keys int, bytes int64) {
	t.Helper()
	c, err := redistest.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	all, err := c.Do("KEYS", "*")
	if err != nil {
		t.Fatal(err)
	}
	for k := range strings.SplitSeq(all, "\n") {
		if k == "" {
			continue
		}
		v, err := c.Do("MEMORY", "USAGE", k, "SAMPLES", "0")
		if err != nil {
			t.Fatal(err)
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		keys, bytes = keys+1, bytes+n
	}
	return keys, bytes
}

// archived reads every archive file in dir: lines per incident ID, and the
// verification of each file.
func archived(t *testing.T, dir string) (map[string]int, archive.Report) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "incidents-*.jsonl"))
	ids := map[string]int{}
	var total archive.Report
	for _, f := range files {
		rep, err := archive.Verify(f, nil)
		if err != nil {
			t.Fatal(err)
		}
		total.Lines += rep.Lines
		total.Incidents += rep.Incidents
		total.Duplicates += rep.Duplicates
		total.Problems = append(total.Problems, rep.Problems...)
		b, _ := os.ReadFile(f)
		for line := range strings.Lines(string(b)) {
			_, rest, _ := strings.Cut(line, `"id":"`)
			id, _, _ := strings.Cut(rest, `"`)
			ids[id]++
		}
	}
	return ids, total
}

// Ten thousand incidents resolved 401 days ago leave Redis for the
// archive: memory falls back to the empty store's plus the open
// incidents, and every archived timeline verifies.
func TestRetentionTrims10000Incidents(t *testing.T) {
	srv := redistest.Start(t)
	emptyUsed := usedMemory(t, srv.Addr)
	dir := t.TempDir()
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, bottest.Config(t, retentionYAML(t, srv.URL(), dir), testEnv), bot.Options{Now: clock.Now, NoWorkers: true})
	for i := range 20 { // open incidents, which stay
		body := fmt.Sprintf(`{"summary":"open %d","dedup_key":"open-%d","service":"database"}`, i, i)
		if code, resp := bottest.Do(t, "POST", b.URL+"/webhooks/generic", body, auth); code != 202 {
			t.Fatalf("open: %d %s", code, resp)
		}
	}
	baseKeys, baseBytes := keyMemory(t, srv.Addr)
	baseUsed := usedMemory(t, srv.Addr)

	const n = 10000
	start := time.Now()
	ids := redistest.SeedResolved(t, b.Store(), n, tuesday10.Add(-24*time.Hour), "generic")
	t.Logf("seeded %d resolved incidents in %s", n, time.Since(start).Round(time.Millisecond))
	fullKeys := dbSize(t, srv.Addr) // summing 60,000 keys one by one would take long
	fullUsed := usedMemory(t, srv.Addr)

	clock.Advance(401 * 24 * time.Hour)
	start = time.Now()
	rep, err := b.TrimResolved(context.Background())
	took := time.Since(start)
	if err != nil || rep.Trimmed != n || rep.Archived != n {
		t.Fatalf("sweep: %+v %v", rep, err)
	}
	afterKeys, afterBytes := keyMemory(t, srv.Addr)
	t.Logf("trimmed %d in %s (%.0f incidents/s); keys %d → %d → %d; MEMORY USAGE sum %d → %d; used_memory %d → %d",
		n, took.Round(time.Millisecond), float64(n)/took.Seconds(), baseKeys, fullKeys, afterKeys, baseBytes, afterBytes, baseUsed, fullUsed)
	// What may remain beyond the open incidents: the backfill marker and
	// this process's heartbeat (the bot runs without workers here).
	if afterKeys > baseKeys+2 || float64(afterBytes) > 1.10*float64(baseBytes) {
		t.Errorf("after the trim: %d keys, %d bytes; empty store plus open incidents: %d keys, %d bytes", afterKeys, afterBytes, baseKeys, baseBytes)
	}
	got, ver := archived(t, dir)
	if len(ver.Problems) > 0 || ver.Incidents != n || ver.Duplicates != 0 {
		t.Fatalf("archive: %d incidents, %d duplicates, problems %v", ver.Incidents, ver.Duplicates, ver.Problems)
	}
	for _, id := range ids {
		if got[id] != 1 {
			t.Fatalf("%s is %d times in the archive", id, got[id])
		}
	}
	if rep, _ := b.TrimResolved(context.Background()); rep.Archived != 0 || rep.Trimmed != 0 {
		t.Errorf("a second sweep did something: %+v", rep)
	}
	checkUsedMemory(t, srv.Addr, emptyUsed, baseUsed, fullUsed)
}

// checkUsedMemory compares INFO used_memory after the trim with the store
// before the seed. used_memory also counts what the server keeps for
// itself once many keys came and went (about 0.4 to 0.9 MB here, varying
// with client buffers), which no key holds: FLUSHALL keeps it too. So the
// bound is the server emptied by FLUSHALL plus the open incidents' share
// (the store before the seed less a fresh server), with 10 % to spare.
func checkUsedMemory(t *testing.T, addr string, emptyUsed, baseUsed, fullUsed int64) {
	t.Helper()
	afterUsed := usedMemory(t, addr)
	if _, err := redistest.Command(addr, "FLUSHALL", "SYNC"); err != nil {
		t.Fatal(err)
	}
	flushedUsed := usedMemory(t, addr)
	bound := flushedUsed + (baseUsed-emptyUsed)*110/100
	t.Logf("used_memory: fresh server %d, store before the seed %d, with the 10,000 %d, after the trim %d (%+.1f%% of before the seed); "+
		"the server emptied by FLUSHALL %d; bound %d",
		emptyUsed, baseUsed, fullUsed, afterUsed, pct(afterUsed, baseUsed), flushedUsed, bound)
	if afterUsed > bound {
		t.Errorf("used_memory after the trim %d is above the emptied server's %d plus the open incidents' %d with 10%% to spare",
			afterUsed, flushedUsed, baseUsed-emptyUsed)
	}
}

func pct(a, b int64) float64 { return 100 * (float64(a)/float64(b) - 1) }
