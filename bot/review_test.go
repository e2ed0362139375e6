package bot_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
	"github.com/tandemhq/tandem/reports/reportstest"
)

// reports.monthly fires once across two replicas, at 09:00 UTC on the
// 1st, and posts the review of the month before (the review fixture's
// November: 26 incidents against October's 14) with its Markdown and
// charts as files. The clock is moved, never waited for.
func TestMonthlyReviewOnceAcrossReplicas(t *testing.T) {
	yaml := testYAML(t, redistest.URL(t), "") + "\nreports: {monthly: \"CRON_TZ=UTC 0 9 1 * *\"}\n"
	clock := bottest.NewClock(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	var bots []*bottest.Bot
	var dirs []string
	for range 2 {
		dir := t.TempDir()
		dirs = append(dirs, dir)
		bots = append(bots, bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now, FilesDir: dir}))
	}
	ctx := context.Background()
	incs, timelines := reportstest.ReviewIncidents()
	for _, inc := range incs {
		if _, err := bots[0].Store().Commit(ctx, incident.Change{Incident: inc, Events: timelines[inc.ID]}); err != nil {
			t.Fatal(err)
		}
	}
	firing := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	bottest.Eventually(t, 10*time.Second, func() bool {
		d, ok, _ := bots[0].Store().TimerDue(ctx, "report/monthly")
		return ok && d.Equal(firing)
	}, "monthly timer due %v", firing)
	out := func() string { return bots[0].Out.String() + bots[1].Out.String() }
	const header = "[#managers] 📋 *Operational review* November 2026"
	clock.Advance(firing.Sub(clock.Now()) + 30*time.Second)
	bottest.Eventually(t, 10*time.Second, func() bool { return strings.Count(out(), header) == 1 }, "review posted:\n%s", out())
	if !strings.Contains(out(), "26 incident(s) (↑ was 14)") {
		t.Fatalf("review:\n%s", out())
	}
	bottest.Eventually(t, 10*time.Second, func() bool { return strings.Count(out(), "[#managers] 📎 ") == 5 }, "files posted:\n%s", out())
	var md []string
	for _, dir := range dirs {
		m, _ := filepath.Glob(filepath.Join(dir, "managers-review-2026-11*.md"))
		md = append(md, m...)
	}
	if len(md) != 1 {
		t.Fatalf("review files %v", md)
	}
	if b, err := os.ReadFile(md[0]); err != nil || !strings.HasPrefix(string(b), "# Operational review\n") {
		t.Fatalf("%s: %v", md[0], err)
	}
	if again, err := bots[1].Store().EnqueueJob(ctx, "monthly-review", firing); err != nil || again {
		t.Fatalf("firing not claimed: %v %v", again, err)
	}
	if strings.Count(out(), header) != 1 {
		t.Fatalf("posted twice:\n%s", out())
	}
}
