package handlers_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/alertmanager"
	"github.com/tandemhq/tandem/reports"
)

// amAlert is an Alertmanager fixture whose alerts started at startsAt.
func amAlert(t *testing.T, name string, startsAt time.Time) incident.AlertGroup {
	t.Helper()
	body, err := os.ReadFile("../integrations/alertmanager/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	body = []byte(strings.ReplaceAll(string(body), "2026-11-26T23:32:40.800178474Z", startsAt.UTC().Format(time.RFC3339Nano)))
	g, err := alertmanager.Decode(body, alertmanager.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g.Source = "alertmanager"
	return g
}

// outageWeek runs one sev1 (critical) database alert that started before
// it arrives, pages the ladder while it fires for lasts, and resolves.
func outageWeek(t *testing.T, w *world, before, lasts time.Duration) {
	t.Helper()
	if _, err := w.svc.Intake(context.Background(), amAlert(t, "firing-group-of-2.json", w.c.Now().Add(-before))); err != nil {
		t.Fatal(err)
	}
	w.run()
	w.advance(lasts)
	for _, name := range []string{"mixed-one-resolved.json", "all-resolved.json"} {
		if _, err := w.svc.Intake(context.Background(), amAlert(t, name, w.c.Now())); err != nil {
			t.Fatal(err)
		}
	}
}

// Two weeks of one outage each. The week before: the alert started 1 min
// before it arrived, 20 minutes down. This week: started 3 min before (time
// to detect 3m), acme-it paged at the opening (first page 0s), the NOC at
// the ladder's third step 10 minutes later, 30 minutes down: database
// 100 × (10080 − 30) / 10080 = 99.702 % against 99.802 % the week before.
func TestTimeToDetectFirstPageAndAvailabilityInTheWeeklyReport(t *testing.T) {
	w := newWorldWith(t, tue10.AddDate(0, 0, -7), func(o *handlers.Options, st handlers.Store) handlers.Store {
		db := o.Services["database"]
		db.AvailabilityTarget = 99.9
		o.Services["database"] = db
		return st
	})
	outageWeek(t, w, time.Minute, 20*time.Minute)
	w.c.Advance(tue10.Sub(w.c.Now()))
	outageWeek(t, w, 3*time.Minute, 30*time.Minute)
	inc, err := w.st.Get(context.Background(), "INC-2")
	if d, ok := inc.TimeToDetect(); err != nil || !ok || d != 3*time.Minute {
		t.Fatalf("INC-2 time to detect %v %v (%v)", d, ok, err)
	}

	chicago, _ := time.LoadLocation("America/Chicago")
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, chicago) // the weekly firing, Wed 09:00
	w.c.Advance(at.Sub(w.c.Now()))
	r, err := w.svc.Report(context.Background(), at.AddDate(0, 0, -7), at, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := r.Data()
	if d.Incidents != 1 || d.TimeToDetect != (reports.StatsData{N: 1, MedianSeconds: 180, P90Seconds: 180}) ||
		d.TimeToFirstPage["internal"].MedianSeconds != 0 || d.TimeToFirstPage["msp"].MedianSeconds != 600 ||
		d.TimeToFirstPage["all"].N != 1 || d.Previous == nil || d.Previous.TimeToDetect.MedianSeconds != 60 {
		t.Fatalf("report data %+v\nprevious %+v", d, d.Previous)
	}
	want := reports.AvailabilityData{Service: "database", Percent: 99.702, Target: 99.9, Met: false,
		PeriodMinutes: 10080, UnplannedMinutes: 30}
	if d.Availability[0] != want || d.Previous.Availability[0].Percent != 99.802 || d.Availability[1].Percent != 100 {
		t.Fatalf("availability %+v, the week before %+v", d.Availability, d.Previous.Availability)
	}
	trend := map[string]reports.Trend{}
	for _, tr := range d.Trends {
		trend[tr.Figure] = tr
	}
	if tr := trend["time_to_detect.median_seconds"]; tr.Change != 120 || tr.Arrow != "↑" {
		t.Errorf("time to detect trend %+v", tr)
	}
	if tr := trend["availability.database.percent"]; tr.Change != -0.1 || tr.Arrow != "↓" {
		t.Errorf("availability trend %+v", tr)
	}
	b, err := d.Encode()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("report data:\n%s", b)

	effects, err := w.svc.WeeklyReport(context.Background(), at, chicago)
	if err != nil || len(effects) == 0 {
		t.Fatalf("weekly report: %v", err)
	}
	t.Logf("weekly text:\n%s", effects[0].Text)
	for _, line := range []string{
		"*Time to detect* (alert start to opening, median / p90): 3m / 3m (n=1) ↑ (was 1m)",
		"• internal: 0s / 0s (n=1) → (was 0s)",
		"• MSP: 10m / 10m (n=1) → (was 10m)",
		"• database: 99.702% (target 99.9%, missed) · unplanned 30m · planned 0m ↓ (was 99.802%)",
		"• network: 100% · unplanned 0m · planned 0m → (was 100%)",
	} {
		if !strings.Contains(effects[0].Text, line) {
			t.Errorf("weekly text lacks %q:\n%s", line, effects[0].Text)
		}
	}
}
