package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// retentionConfig is the test config with retention on; it returns the
// config path, the archive directory and a store on the config's Redis.
func retentionConfig(t *testing.T) (string, string, *redisstore.Store) {
	t.Helper()
	path, _ := writeConfig(t, redistest.URL(t))
	dir := filepath.Join(t.TempDir(), "archive")
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "\nretention: {resolved_after: 400d, archive_dir: %q}\n", dir)
	f.Close()
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := redisstore.Open(context.Background(), redisstore.Options{URL: cfg.Redis.URL, Prefix: cfg.Redis.Prefix})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return path, dir, st
}

// archivedIDs counts the lines of each incident ID in the archive files.
func archivedIDs(t *testing.T, dir string) (map[string]int, []string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "incidents-*.jsonl"))
	ids := map[string]int{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(b)) {
			if !strings.HasSuffix(line, "\n") {
				continue // torn by the kill: not archived
			}
			_, rest, _ := strings.Cut(line, `"id":"`)
			id, _, _ := strings.Cut(rest, `"`)
			ids[id]++
		}
	}
	return ids, files
}

// SIGKILL in the middle of a retention sweep loses no incident: each is
// in the archive or still in Redis, never neither; the next sweep
// finishes the job without writing any incident twice.
func TestSIGKILLDuringTrimLosesNone(t *testing.T) {
	path, dir, st := retentionConfig(t)
	// 10,000 are trimmed in bot's TestRetentionTrims10000Incidents; here
	// 3,000 (6 batches) keep the test short under the race detector.
	const n = 3000
	ids := redistest.SeedResolved(t, st, n, time.Now().Add(-402*24*time.Hour), "generic")

	p := startTandem(t, "archive", "trim", "--config", path)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if files, _ := filepath.Glob(filepath.Join(dir, "incidents-*.jsonl")); len(files) > 0 {
			// About a fifth of the archive (lines are about 2.5 kB): a
			// batch or more trimmed, the next in hand.
			if fi, err := os.Stat(files[0]); err == nil && fi.Size() > 3<<19 {
				break
			}
		}
		time.Sleep(time.Millisecond)
	}
	p.kill()

	got, _ := archivedIDs(t, dir)
	inRedis, trimmed := 0, 0
	for _, id := range ids {
		_, err := st.Get(context.Background(), id)
		if err == nil {
			inRedis++
		} else if got[id] > 0 {
			trimmed++
		} else {
			t.Fatalf("%s is neither in the archive nor in Redis after the kill: %v", id, err)
		}
	}
	t.Logf("after the kill: %d archived (%d of them trimmed), %d still in Redis", len(got), trimmed, inRedis)
	if inRedis == 0 || trimmed == 0 {
		t.Fatalf("the kill did not land mid-sweep (%d archived, %d in Redis):\n%s", len(got), inRedis, p.output())
	}

	finishSweep(t, path)
	got, files := archivedIDs(t, dir)
	for _, id := range ids {
		if got[id] != 1 {
			t.Fatalf("%s is %d times in the archive", id, got[id])
		}
		if _, err := st.Get(context.Background(), id); err == nil {
			t.Fatalf("%s is still in Redis", id)
		}
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), append([]string{"archive", "verify"}, files...), nil, &out, &errOut); code != 0 || !strings.Contains(out.String(), "0 problem(s)") {
		t.Fatalf("archive verify: %d\n%s%s", code, out.String(), errOut.String())
	}
}

// finishSweep runs `tandem archive trim` until it is done; the killed
// sweep's lock is free once its process has missed its heartbeats
// (redisstore.ProcessDeadAfter).
func finishSweep(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for time.Now().Before(deadline) {
		p := startTandem(t, "archive", "trim", "--config", path)
		p.cmd.Wait()
		if out := p.output(); strings.Contains(out, "archived ") {
			t.Logf("second sweep: %s", strings.TrimSpace(out))
			return
		} else if !strings.Contains(out, "lock held") {
			t.Fatalf("second sweep failed:\n%s", out)
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatal("the killed sweep's lock was never freed")
}

func TestArchiveVerify(t *testing.T) {
	path, dir, st := retentionConfig(t)
	redistest.SeedResolved(t, st, 30, time.Now().Add(-402*24*time.Hour), "generic")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"archive", "trim", "--config", path}, nil, &out, &errOut); code != 0 || !strings.Contains(out.String(), "archived 30, trimmed 30") {
		t.Fatalf("trim: %d %s %s", code, out.String(), errOut.String())
	}
	_, files := archivedIDs(t, dir)
	t.Run("OK", func(t *testing.T) {
		out.Reset()
		if code := run(context.Background(), append([]string{"archive", "verify"}, files...), nil, &out, &errOut); code != 0 || !strings.Contains(out.String(), "30 incident(s) checked") {
			t.Fatalf("verify: %d\n%s", code, out.String())
		}
	})
	t.Run("ErrTampered", func(t *testing.T) {
		b, _ := os.ReadFile(files[0])
		lines := strings.SplitAfter(string(b), "\n")
		lines[4] = strings.Replace(lines[4], `"disk cleaned"`, `"nothing happened"`, 1)
		lines[7] = "{not json\n"
		bad := filepath.Join(t.TempDir(), "bad.jsonl")
		os.WriteFile(bad, []byte(strings.Join(lines, "")), 0o600)
		out.Reset()
		code := run(context.Background(), []string{"archive", "verify", bad}, nil, &out, &errOut)
		if code != 1 || !strings.Contains(out.String(), bad+":5: INC-") || !strings.Contains(out.String(), "content hashes to") ||
			!strings.Contains(out.String(), bad+":8: not an archived incident") || !strings.Contains(out.String(), "2 problem(s)") {
			t.Fatalf("verify of a tampered archive: %d\n%s", code, out.String())
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		if code := run(context.Background(), []string{"archive", "verify"}, nil, &out, &errOut); code != 2 {
			t.Errorf("no file: exit %d", code)
		}
		if code := run(context.Background(), []string{"archive", "verify", filepath.Join(dir, "nope.jsonl")}, nil, &out, &errOut); code != 1 {
			t.Errorf("missing file: exit %d", code)
		}
	})
}
