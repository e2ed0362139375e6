package reports_test

import (
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
	reportstest.Same(t, "report", got.Report, want.Report)
	reportstest.Same(t, "report.previous", got.Report.Previous, want.Report.Previous)
	reportstest.Same(t, "period", got.Period, want.Period)
	reportstest.Same(t, "previous", got.Previous, want.Previous)
	reportstest.Same(t, "trends", got.Trends, want.Trends)
	reportstest.Same(t, "review", got, want)
	if _, err := got.Encode(); err != nil {
		t.Fatal(err)
	}
}
