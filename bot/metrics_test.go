package bot_test

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// scrape reads /metrics as a map of series ("name{labels}") to value.
func scrape(t *testing.T, b *bottest.Bot) map[string]float64 {
	t.Helper()
	code, body := bottest.Do(t, "GET", b.URL+"/metrics", "", nil)
	if code != 200 {
		t.Fatalf("GET /metrics: %d", code)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(body, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q", line)
		}
		out[line[:i]] = v
	}
	return out
}

// An incident's life moves the counters and histograms of DESIGN §5.6, and
// its resolution posts the post-incident review in the room as a file.
func TestMetricsMoveAsAnIncidentRunsAndReviewIsPosted(t *testing.T) {
	clock := bottest.NewClock(tuesday10)
	dir := t.TempDir()
	b := bottest.Start(t, testConfig(t, redistest.URL(t)), bot.Options{Now: clock.Now, FilesDir: dir})
	ctx := context.Background()
	before := scrape(t, b)
	for _, name := range []string{"tandem_outbox_depth", "tandem_timers_pending"} {
		if _, ok := before[name]; !ok {
			t.Errorf("%s missing", name)
		}
	}
	if code, body := bottest.Do(t, "POST", b.URL+"/webhooks/generic", diskAlert, auth); code != 202 {
		t.Fatalf("webhook: %d %s", code, body)
	}
	bottest.Eventually(t, 5*time.Second, func() bool { return strings.Contains(b.Out.String(), "📟 PAGE") }, "page:\n%s", b.Out)
	const page = `tandem_pages_total{channel="console",side="internal",team="acme-it"}`
	bottest.Eventually(t, 5*time.Second, func() bool { return scrape(t, b)[page] == 1 }, "page counted")
	m := scrape(t, b)
	for series, want := range map[string]float64{
		`tandem_alerts_received_total{source="generic"}`:                    1,
		`tandem_incidents_opened_total{service="database",severity="sev2"}`: 1,
		`tandem_time_to_ack_seconds_count{side="msp"}`:                      0,
	} {
		if m[series] != want {
			t.Errorf("%s = %v, want %v", series, m[series], want)
		}
	}
	if m["tandem_timer_lateness_seconds_count"] < 1 {
		t.Errorf("no timer lateness observed")
	}

	clock.Advance(3 * time.Minute)
	b.Service().Handle(ctx, chat.Request{Platform: "console", User: "nora", Text: "ack INC-1"})
	m = scrape(t, b)
	if m[`tandem_time_to_ack_seconds_count{side="msp"}`] != 1 || m[`tandem_time_to_ack_seconds_sum{side="msp"}`] < 180 ||
		m[`tandem_time_to_ack_seconds_bucket{side="msp",le="120"}`] != 0 || m[`tandem_time_to_ack_seconds_bucket{side="msp",le="300"}`] != 1 {
		t.Fatalf("time to ack not observed once in the 5m bucket: %v", pick(m, "tandem_time_to_ack"))
	}
	// An unack and a second ack keep the first ack's time: not observed twice.
	if _, err := b.Service().Unack(ctx, "INC-1", incident.Actor{Name: "Nora", Side: incident.MSP, Platform: "console", User: "nora"}); err != nil {
		t.Fatal(err)
	}
	b.Service().Handle(ctx, chat.Request{Platform: "console", User: "nora", Text: "ack INC-1"})
	clock.Advance(time.Hour)
	resp := b.Service().Handle(ctx, chat.Request{Platform: "console", User: "alice", Text: "resolve INC-1 swapped the disk"})
	if !strings.Contains(resp.Text, "resolved") {
		t.Fatalf("resolve: %q", resp.Text)
	}
	m = scrape(t, b)
	if m[`tandem_time_to_resolve_seconds_count{side="msp"}`] != 1 || m[`tandem_time_to_ack_seconds_count{side="msp"}`] != 1 {
		t.Fatalf("after resolve: %v", pick(m, "tandem_time_to"))
	}
	if m[`tandem_time_to_resolve_seconds_sum{side="msp"}`] < 3780 {
		t.Fatalf("time to resolve sum %v, want ≥ 1h03m", m[`tandem_time_to_resolve_seconds_sum{side="msp"}`])
	}

	// The review reaches the room as a file (the console writes it and says where).
	re := regexp.MustCompile(`📎 📄 Post-incident review of INC-1[^\n]*: (\S+INC-1-review\.md)`)
	bottest.Eventually(t, 5*time.Second, func() bool { return re.MatchString(b.Out.String()) }, "review posted:\n%s", b.Out)
	path := re.FindStringSubmatch(b.Out.String())[1]
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Post-incident review: INC-1 Disk full on db-01", "| Acknowledge | 3m", "swapped the disk", "| Nora | MSP | console | acked ×2, unacked |"} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("review lacks %q:\n%s", want, doc)
		}
	}
}

func pick(m map[string]float64, prefix string) map[string]float64 {
	out := map[string]float64{}
	for k, v := range m {
		if strings.HasPrefix(k, prefix) {
			out[k] = v
		}
	}
	return out
}
