package bot_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/redisstore/redistest"
	"github.com/tandemhq/tandem/reports"
)

// A generic event that started 3 minutes before it arrived observes time
// to detect 180 s; the ladder's first page (internal, at the opening)
// observes time to first page 0 s; and an hour of that sev2 incident open
// takes database's 30-day availability to 1 − 60/43200, against its 99.9 %
// target. Network has no target and no outage: 1, and no target series.
func TestDetectionAndAvailabilityMetrics(t *testing.T) {
	yaml := strings.Replace(testYAML(t, redistest.URL(t), ""), "ladder: standard, severity: sev2}",
		"ladder: standard, severity: sev2, availability_target: 99.9}", 1)
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now})
	body := `{"summary":"Disk full on db-01","severity":"sev2","service":"database","started_at":"` +
		tuesday10.Add(-3*time.Minute).Format(time.RFC3339) + `"}`
	if code, resp := bottest.Do(t, "POST", b.URL+"/webhooks/generic", body, auth); code != 202 {
		t.Fatalf("webhook: %d %s", code, resp)
	}
	const ttfp = `tandem_time_to_first_page_seconds_count{severity="sev2",side="internal"}`
	bottest.Eventually(t, 5*time.Second, func() bool { return scrape(t, b)[ttfp] == 1 }, "first page observed")
	m := scrape(t, b)
	for series, want := range map[string]float64{
		`tandem_time_to_detect_seconds_count{severity="sev2"}`:                              1,
		`tandem_time_to_detect_seconds_sum{severity="sev2"}`:                                180,
		`tandem_time_to_detect_seconds_bucket{severity="sev2",le="120"}`:                    0,
		`tandem_time_to_detect_seconds_bucket{severity="sev2",le="300"}`:                    1,
		`tandem_time_to_first_page_seconds_sum{severity="sev2",side="internal"}`:            0,
		`tandem_service_availability_ratio{service="database"}`:                             1,
		`tandem_service_availability_target_ratio{service="database"}`:                      0.999,
		`tandem_service_availability_ratio{service="network"}`:                              1,
		`tandem_time_to_first_page_seconds_count{severity="sev2",side="msp"}`:               0,
		`tandem_time_to_first_page_seconds_bucket{severity="sev2",side="internal",le="30"}`: 1,
	} {
		// The clock runs on in real time between the steps: a few ms.
		tol := 1e-6
		if strings.Contains(series, "_seconds_sum") {
			tol = 0.5
		}
		if got, ok := m[series]; !ok && want != 0 || math.Abs(got-want) > tol {
			t.Errorf("%s = %v (present %v), want %v", series, got, ok, want)
		}
	}
	if _, ok := m[`tandem_service_availability_target_ratio{service="network"}`]; ok {
		t.Error("network has no target but a target series")
	}
	clock.Advance(time.Hour)
	got := scrape(t, b)[`tandem_service_availability_ratio{service="database"}`]
	if want := 1 - 60.0/43200; math.Abs(got-want) > 1e-6 {
		t.Fatalf("database availability after an hour's outage: %v, want %v", got, want)
	}

	// The same figures as the report's JSON data.
	api := map[string]string{"Authorization": "Bearer api-token"}
	code, resp := bottest.Do(t, "GET", b.URL+"/api/v1/report", "", api)
	var d reports.Data
	if err := json.Unmarshal([]byte(resp), &d); code != 200 || err != nil {
		t.Fatalf("GET /api/v1/report: %d %v %s", code, err, resp)
	}
	if d.TimeToDetect.N != 1 || math.Abs(d.TimeToDetect.MedianSeconds-180) > 0.5 || d.Availability[0].Service != "database" ||
		math.Abs(d.Availability[0].UnplannedMinutes-60) > 0.1 || d.Previous == nil {
		t.Fatalf("report data: %s", resp)
	}
	if code, resp := bottest.Do(t, "GET", b.URL+"/api/v1/report?from=yesterday", "", api); code != 400 || !strings.Contains(resp, "RFC 3339") {
		t.Fatalf("bad from: %d %s", code, resp)
	}
}
