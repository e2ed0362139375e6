package bot_test

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// BenchmarkTimers measures the timer engine on real Redis: 10,000 open
// incidents, 100,000 pending timers, of which 20,000 come due at 1,000 a
// second (each a reminder: load the incident, commit a timeline entry and
// the next reminder). It reports the p99 and max lateness (due → handled)
// and the heap of the process with the 10,000 incidents open.
//
//	TANDEM_TEST_REQUIRE_REDIS=1 go test ./bot -run '^$' -bench BenchmarkTimers -benchtime 1x
func BenchmarkTimers(b *testing.B) {
	const incidents, pending, firing, rate = 10_000, 100_000, 20_000, 1000
	for range b.N {
		yaml := ladderYAML(b, redistest.URL(b), "24h")
		yaml = strings.Replace(yaml, "reminders: {unacked_every: 1h, update_every: 1h}", "reminders: {unacked_every: 24h, update_every: 24h}", 1)
		bt := bottest.Start(b, bottest.Config(b, yaml, testEnv), bot.Options{Out: io.Discard}) // 10,000 rooms print a lot
		ctx := context.Background()
		b.StopTimer()
		for i := range incidents {
			g := incident.AlertGroup{Source: "generic", Key: fmt.Sprintf("bench-%d", i), Title: fmt.Sprintf("bench %d", i),
				Service: "database", Alerts: []incident.Alert{{Fingerprint: "a", Status: incident.AlertFiring}}}
			if _, err := bt.Service().Intake(ctx, g); err != nil {
				b.Fatal(err)
			}
		}
		bottest.Eventually(b, 5*time.Minute, func() bool {
			d, _ := bt.Store().OutboxDepth(ctx)
			return d == 0
		}, "outbox drained after opening %d incidents", incidents)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heapMB := float64(ms.HeapInuse) / (1 << 20)

		start := time.Now().Add(2 * time.Second)
		due := map[string]time.Time{}
		var timers []incident.Timer
		for i := range pending {
			at := start.Add(time.Duration(i) * time.Second / rate) // 1,000 a second
			if i >= firing {
				at = start.Add(24 * time.Hour) // pending, not due during the run
			}
			id := incident.FormatID(int64(i%incidents + 1))
			t := incident.Timer{ID: fmt.Sprintf("bench/%d", i), Kind: incident.TimerRemindUnack, Incident: id, Due: at}
			timers = append(timers, t)
			if i < firing {
				due[t.ID] = at
			}
		}
		for chunk := range slices.Chunk(timers, 5000) {
			if err := bt.Store().SetTimers(ctx, chunk...); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		bottest.Eventually(b, 5*time.Minute, func() bool {
			n, _ := bt.Store().PendingTimers(ctx)
			return n <= int64(pending-firing+2*incidents) && time.Now().After(start.Add(firing*time.Second/rate))
		}, "due timers handled")
		time.Sleep(2 * time.Second)
		b.StopTimer()
		lateness := timerLateness(b, bt, incidents, start, firing, rate)
		b.ReportMetric(heapMB, "heap-MB-10k-incidents")
		b.ReportMetric(float64(len(lateness)), "timers-fired")
		if len(lateness) > 0 {
			b.ReportMetric(ms50(lateness, 0.50), "p50-lateness-ms")
			b.ReportMetric(ms50(lateness, 0.99), "p99-lateness-ms")
			b.ReportMetric(ms50(lateness, 1), "max-lateness-ms")
		}
	}
}

// timerLateness reads the reminders from the timelines: each reminder's
// time minus its timer's due time.
func timerLateness(b *testing.B, bt *bottest.Bot, incidents int, start time.Time, firing, rate int) []time.Duration {
	ctx := context.Background()
	var out []time.Duration
	for i := range incidents {
		tl, err := bt.Store().Timeline(ctx, incident.FormatID(int64(i+1)))
		if err != nil {
			b.Fatal(err)
		}
		k := 0
		for _, e := range tl {
			if e.Kind != incident.KindReminded {
				continue
			}
			// The k-th reminder of incident i+1 is timer i + k*incidents.
			n := i + k*incidents
			k++
			if n >= firing {
				continue
			}
			out = append(out, e.At.Sub(start.Add(time.Duration(n)*time.Second/time.Duration(rate))))
		}
	}
	slices.Sort(out)
	return out
}

func ms50(d []time.Duration, p float64) float64 {
	i := int(p*float64(len(d))+0.999999) - 1
	i = max(0, min(i, len(d)-1))
	return float64(d[i].Microseconds()) / 1000
}
