package bot_test

import (
	"encoding/json"
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

// heldClock runs at a hundredth of real speed from a chosen start, so a
// test of several real seconds stays inside one clock minute (the storm
// guard counts per clock minute) while leases and retries still see time
// pass. Advance moves it on.
type heldClock struct {
	mu     sync.Mutex
	start  time.Time
	offset time.Time
}

func newHeldClock(t time.Time) *heldClock { return &heldClock{start: time.Now(), offset: t} }

func (c *heldClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset.Add(time.Since(c.start) / 100)
}

func (c *heldClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset = c.offset.Add(d)
	c.mu.Unlock()
}

type apiIncident struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Alerts struct {
		Firing, Resolved int
		NotStored        int `json:"not_stored"`
	} `json:"alerts"`
}

func listIncidents(t *testing.T, b *bottest.Bot) []apiIncident {
	t.Helper()
	code, body := bottest.Do(t, "GET", b.URL+"/api/v1/incidents?limit=1000", "", map[string]string{"Authorization": "Bearer api-token"})
	if code != 200 {
		t.Fatalf("list: %d %s", code, body)
	}
	var out struct{ Incidents []apiIncident }
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	return out.Incidents
}

// 5,000 distinct alerts (5,000 new groups) from one source in one clock
// minute, through the webhook endpoint of two replicas sharing one Redis:
// 60 incidents and one storm incident, 61 rooms and 61 pages, and every
// alert counted. The next minute, with few alerts, the guard has reset.
func TestStormGuard5000NewGroups(t *testing.T) {
	url := redistest.URL(t)
	yaml := testYAML(t, url, "  alertmanager: {token_env: AM_TOKEN}\n")
	clock := newHeldClock(tuesday10.Add(5 * time.Second))
	bots := []*bottest.Bot{
		bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now}),
		bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now}),
	}
	const groups, workers = 5000, 64
	send := func(from, to int) {
		jobs := make(chan int)
		var failed atomic.Int64
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for g := range jobs {
					code, body := bottest.Do(t, "POST", bots[(g+w)%2].URL+"/webhooks/alertmanager", amBatch(g, 0, 1),
						map[string]string{"Authorization": "Bearer am-token"})
					if code != 202 && failed.Add(1) < 5 {
						t.Errorf("group %d: %d %s", g, code, body)
					}
				}
			})
		}
		for g := from; g < to; g++ {
			jobs <- g
		}
		close(jobs)
		wg.Wait()
		if failed.Load() > 0 {
			t.Fatalf("%d deliveries failed", failed.Load())
		}
	}
	send(0, groups)
	if now := clock.Now(); now.Truncate(time.Minute) != tuesday10 {
		t.Fatalf("the clock left the storm's minute (%s): the test ran too long to say anything", now)
	}
	incs := listIncidents(t, bots[0])
	var storm []apiIncident
	total := 0
	for _, inc := range incs {
		total += inc.Alerts.Firing + inc.Alerts.Resolved + inc.Alerts.NotStored
		if strings.HasPrefix(inc.Title, "Alert storm from alertmanager:") {
			storm = append(storm, inc)
		}
	}
	if len(incs) != 61 || len(storm) != 1 {
		t.Fatalf("%d incidents, %d of them storm incidents; want 60 + 1", len(incs), len(storm))
	}
	if total != groups {
		t.Fatalf("%d alerts counted across the incidents, want %d", total, groups)
	}
	s := storm[0]
	if s.Alerts.Firing != 1000 || s.Alerts.NotStored != groups-60-1000 ||
		!strings.HasPrefix(s.Title, fmt.Sprintf("Alert storm from alertmanager: %d alerts from %d groups (", groups-60, groups-60)) ||
		!strings.HasSuffix(s.Title, fmt.Sprintf(" +%d more)", groups-60-3)) {
		t.Fatalf("storm incident %+v", s)
	}
	diverted := 0.0
	for _, b := range bots {
		diverted += scrape(t, b)[`tandem_alerts_diverted_total{source="alertmanager"}`]
	}
	if diverted != groups-60 {
		t.Fatalf("tandem_alerts_diverted_total across the replicas = %v, want %d", diverted, groups-60)
	}
	count := func(s string) int {
		return strings.Count(bots[0].Out.String(), s) + strings.Count(bots[1].Out.String(), s)
	}
	bottest.Eventually(t, 60*time.Second, func() bool {
		return count("📟 PAGE") >= 61 && count(" created for INC-") >= 61
	}, "61 rooms and pages")
	time.Sleep(time.Second) // let any duplicate show itself
	if rooms, pages := count(" created for INC-"), count("📟 PAGE"); rooms != 61 || pages != 61 {
		t.Fatalf("rooms created %d, pages %d; want 61 each", rooms, pages)
	}
	// The next minute brings three new groups: each opens its own incident.
	clock.Advance(time.Minute)
	send(groups, groups+3)
	after := listIncidents(t, bots[1])
	if len(after) != 64 {
		t.Fatalf("after the storm, 3 new groups made %d incidents in all; want 64", len(after))
	}
	for _, inc := range after[len(after)-3:] {
		if inc.Alerts.Firing != 1 || strings.HasPrefix(inc.Title, "Alert storm") {
			t.Fatalf("a new group after the storm: %+v", inc)
		}
	}
}
