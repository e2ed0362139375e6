package reports_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/reports"
	"github.com/tandemhq/tandem/reports/reportstest"
)

func novemberReview(service string) reports.Review {
	incs, timelines := reportstest.ReviewIncidents()
	return reports.ComputeReview(reports.PeriodInput{Incidents: incs, Timelines: timelines, Service: service,
		From: reportstest.NovFrom, To: reportstest.DecFrom, PrevFrom: reportstest.OctFrom, Rules: reportstest.ReviewRules()})
}

// Every number of the review's data against the figures worked out by hand
// in reports/reportstest (period_want*.go), for both months.
func TestReviewFiguresMatchHandComputedFixture(t *testing.T) {
	got, want := novemberReview("").Data(), reportstest.WantReview()
	if len(reportstest.ReviewRowsCount()) != 40 {
		t.Fatalf("the fixture has %d incidents, want 40", len(reportstest.ReviewRowsCount()))
	}
	compare(t, "report", got.Report, want.Report)
	compare(t, "report.previous", got.Report.Previous, want.Report.Previous)
	compare(t, "period", got.Period, want.Period)
	compare(t, "previous", got.Previous, want.Previous)
	compare(t, "trends", got.Trends, want.Trends)
	compare(t, "review", got, want)
	if _, err := got.Encode(); err != nil {
		t.Fatal(err)
	}
}

// compare reports each differing field by its JSON, so a failure names it.
func compare(t *testing.T, name string, got, want any) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	gl, wl := strings.Split(string(g), "\n"), strings.Split(string(w), "\n")
	for i := range max(len(gl), len(wl)) {
		var a, b string
		if i < len(gl) {
			a = gl[i]
		}
		if i < len(wl) {
			b = wl[i]
		}
		if a != b {
			t.Errorf("%s: line %d\n got %s\nwant %s", name, i+1, a, b)
			return
		}
	}
	t.Errorf("%s differs:\n got %+v\nwant %+v", name, got, want)
}
