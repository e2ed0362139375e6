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
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// The weekly report fires once per week with three replicas sharing one
// Redis, at 09:00 on Monday in Chicago on both sides of the end of DST
// (Sun 1 Nov 2026): 14:00 UTC before, 15:00 UTC after. The clock is moved,
// never waited for.
func TestWeeklyReportOncePerWeekAcrossReplicasAndDST(t *testing.T) {
	yaml := testYAML(t, redistest.URL(t), "") + "\nreports: {weekly: \"CRON_TZ=America/Chicago 0 9 * * MON\"}\n"
	clock := bottest.NewClock(time.Date(2026, 10, 25, 17, 0, 0, 0, time.UTC)) // Sun 25 Oct 12:00 CDT
	var bots []*bottest.Bot
	var dirs []string
	for range 3 {
		dir := t.TempDir()
		dirs = append(dirs, dir)
		bots = append(bots, bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now, FilesDir: dir}))
	}
	ctx := context.Background()
	out := func() string {
		var all string
		for _, b := range bots {
			all += b.Out.String()
		}
		return all
	}
	const header = "[#managers] 📊 *Incident report* "
	// The timer is out of the due set while a replica runs it (claimed,
	// posting, then set to the next firing): wait until it is back.
	var last time.Time
	due := func() time.Time {
		var d time.Time
		bottest.Eventually(t, 10*time.Second, func() bool {
			var ok bool
			d, ok, _ = bots[0].Store().TimerDue(ctx, "report/weekly")
			return ok && d.After(last)
		}, "report timer set after %v", last)
		last = d
		return d
	}
	weeks := []struct {
		firing time.Time // in UTC
		header string
	}{
		{time.Date(2026, 10, 26, 14, 0, 0, 0, time.UTC), "Mon 19 Oct 2026 09:00 CDT – Mon 26 Oct 2026 09:00 CDT (7 days)"},
		{time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC), "Mon 26 Oct 2026 09:00 CDT – Mon 02 Nov 2026 09:00 CST (7 days)"},
		{time.Date(2026, 11, 9, 15, 0, 0, 0, time.UTC), "Mon 02 Nov 2026 09:00 CST – Mon 09 Nov 2026 09:00 CST (7 days)"},
	}
	for i, w := range weeks {
		if got := due(); !got.Equal(w.firing) {
			t.Fatalf("week %d: report due %v, want %v (09:00 Chicago)", i+1, got, w.firing)
		}
		if i == 1 {
			// An incident in the second week, acknowledged by the MSP after 4 minutes.
			a := bots[0].Service()
			a.Handle(ctx, chat.Request{Platform: "console", User: "alice", Text: "declare Backups failing --sev 2 --service database"})
			clock.Advance(4 * time.Minute)
			a.Handle(ctx, chat.Request{Platform: "console", User: "nora", Text: "ack INC-1"})
		}
		// Just before the firing nothing is posted; the due time above is
		// what the timer loop waits for.
		clock.Advance(w.firing.Sub(clock.Now()) + 30*time.Second)
		bottest.Eventually(t, 10*time.Second, func() bool { return strings.Count(out(), header) == i+1 }, "report %d posted:\n%s", i+1, out())
		if !strings.Contains(out(), header+w.header) {
			t.Fatalf("week %d: want a report headed %q:\n%s", i+1, w.header, out())
		}
	}
	for _, w := range weeks {
		if n := strings.Count(out(), header+w.header); n != 1 {
			t.Fatalf("%q posted %d times", w.header, n)
		}
		// Each firing was claimed as job:weekly-report:<scheduled unix>.
		if again, err := bots[2].Store().EnqueueJob(ctx, "weekly-report", w.firing); err != nil || again {
			t.Fatalf("firing %v was not claimed (claim now: %v, %v)", w.firing, again, err)
		}
	}
	for _, want := range []string{"1 incident(s) opened, 1 still open", "• MSP: 4m", "Reached the MSP: 0 of 1 (0%)"} {
		if !strings.Contains(out(), want) {
			t.Errorf("second week's report lacks %q", want)
		}
	}
	// The chart went with each report, as a PNG file.
	bottest.Eventually(t, 10*time.Second, func() bool { return strings.Count(out(), "[#managers] 📎 Time to acknowledge by side") == 3 }, "charts posted")
	var found []string
	for _, dir := range dirs {
		m, _ := filepath.Glob(filepath.Join(dir, "managers-time-to-ack-*.png"))
		found = append(found, m...)
	}
	if len(found) != 3 {
		t.Fatalf("chart files %v", found)
	}
	if b, err := os.ReadFile(found[0]); err != nil || !strings.HasPrefix(string(b), "\x89PNG") {
		t.Fatalf("chart %s: %v", found[0], err)
	}
	if got := due(); !got.Equal(time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC)) {
		t.Fatalf("next report due %v", got)
	}
}
