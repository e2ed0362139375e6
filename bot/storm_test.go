package bot_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// amBatch is an Alertmanager v4 payload of n firing alerts of one group.
func amBatch(group, first, n int) string {
	var alerts []string
	for i := first; i < first+n; i++ {
		alerts = append(alerts, fmt.Sprintf(`{"status":"firing","labels":{"alertname":"Storm%d","service":"database","instance":"host-%d"},"annotations":{"summary":"storm %d/%d"},"startsAt":"2026-12-01T16:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"g%d-a%d"}`, group, i, group, i, group, i))
	}
	return fmt.Sprintf(`{"version":"4","groupKey":"{}:{alertname=\"Storm%d\"}","status":"firing","receiver":"tandem","groupLabels":{"alertname":"Storm%d"},"commonLabels":{"alertname":"Storm%d","service":"database"},"commonAnnotations":{},"externalURL":"http://am.example","truncatedAlerts":0,"alerts":[%s]}`,
		group, group, group, strings.Join(alerts, ","))
}

// 10,000 alerts across 50 groups at concurrency 64, against two bots sharing
// one Redis: exactly 50 incidents, 50 rooms, 50 pages.
func TestStormTwoReplicas(t *testing.T) {
	url := redistest.URL(t)
	yaml := testYAML(t, url, "  alertmanager: {token_env: AM_TOKEN}\n")
	clock := bottest.NewClock(tuesday10) // business hours: step 1 pages acme-it, then waits 2m
	bots := []*bottest.Bot{
		bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now}),
		bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now}),
	}
	const groups, perGroup, batch, workers = 50, 200, 10, 64
	type job struct{ group, first int }
	jobs := make(chan job)
	var accepted, failed atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for j := range jobs {
				b := bots[(j.group+j.first+w)%2]
				code, body := bottest.Do(t, "POST", b.URL+"/webhooks/alertmanager", amBatch(j.group, j.first, batch),
					map[string]string{"Authorization": "Bearer am-token"})
				if code == 202 {
					accepted.Add(batch)
				} else {
					failed.Add(1)
					t.Errorf("webhook: %d %s", code, body)
				}
			}
		})
	}
	// Interleave groups so many requests for one group arrive at once.
	for first := 0; first < perGroup; first += batch {
		for g := range groups {
			jobs <- job{g, first}
		}
	}
	close(jobs)
	wg.Wait()
	if accepted.Load() != groups*perGroup {
		t.Fatalf("accepted %d alerts, want %d (%d requests failed)", accepted.Load(), groups*perGroup, failed.Load())
	}
	code, body := bottest.Do(t, "GET", bots[0].URL+"/api/v1/incidents", "", map[string]string{"Authorization": "Bearer api-token"})
	if code != 200 || strings.Count(body, `"id":`) != groups {
		t.Fatalf("want %d incidents: %d %s", groups, code, body[:min(len(body), 500)])
	}
	if n := strings.Count(body, `"alerts":{"firing":200,"resolved":0}`); n != groups {
		t.Fatalf("%d of %d incidents hold all 200 alerts", n, groups)
	}
	count := func(s string) int {
		return strings.Count(bots[0].Out.String(), s) + strings.Count(bots[1].Out.String(), s)
	}
	bottest.Eventually(t, 60*time.Second, func() bool {
		return count("📟 PAGE") >= groups && count(" created for INC-") >= groups
	}, "%d rooms and pages", groups)
	time.Sleep(time.Second) // let any duplicate show itself
	if rooms, pages := count(" created for INC-"), count("📟 PAGE"); rooms != groups || pages != groups {
		t.Fatalf("rooms created %d, pages %d; want %d each", rooms, pages, groups)
	}
}
