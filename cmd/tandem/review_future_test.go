package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
	"github.com/tandemhq/tandem/reports"
)

// A review is computed as of the end of its period. A period that has not
// ended (the month so far, --to next month) would count an outage open now
// as lasting to that end, and an SLA clock with time left as missed: it is
// refused, naming --to; --to now reviews the period so far, the open
// outage counted up to now.
func TestReviewRefusesAPeriodThatHasNotEnded(t *testing.T) {
	url := redistest.URL(t)
	path, _ := writeConfig(t, url)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := redisstore.Open(context.Background(), redisstore.Options{URL: url, Prefix: cfg.Redis.Prefix})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	inc := incident.Incident{ID: "INC-1", Title: "db down", Status: incident.StatusOpen, Severity: incident.Sev1,
		Service: "database", OpenedAt: now.Add(-time.Hour), OpenedBy: incident.Monitoring}
	if _, err := st.Commit(context.Background(), incident.Change{Incident: inc,
		Events: []incident.Event{incident.NewEvent(inc.OpenedAt, incident.KindOpened, incident.Monitoring)}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), append(args, "--config", path), nil, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	from := now.Add(-24 * time.Hour).Format(time.RFC3339)
	code, _, errOut := run("review", "--from", from, "--to", now.AddDate(0, 0, 30).Format(time.RFC3339), "--format", "json")
	if code != 1 || !strings.Contains(errOut, "has not ended") || !strings.Contains(errOut, "--to") {
		t.Fatalf("a period ending in 30 days: exit %d %s", code, errOut)
	}
	code, out, errOut := run("review", "--from", from, "--to", now.Format(time.RFC3339), "--format", "json")
	if code != 0 {
		t.Fatalf("the period so far: exit %d %s", code, errOut)
	}
	var d reports.ReviewData
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	for _, a := range d.Report.Availability {
		if a.Service == "database" && a.UnplannedMinutes != 60 {
			t.Fatalf("database down %v minutes, want 60 (opened an hour ago)", a.UnplannedMinutes)
		}
	}
}
