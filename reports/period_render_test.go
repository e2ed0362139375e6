package reports_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/reports"
	"github.com/tandemhq/tandem/reports/reportstest"
)

// The Markdown shows the figures TestReviewFiguresMatchHandComputedFixture
// checks, each table row as worked out by hand (reportstest/period_want*.go).
func TestReviewMarkdownShowsTheHandComputedFigures(t *testing.T) {
	md := reports.RenderReviewMarkdown(novemberReview(""), time.UTC)
	for _, want := range []string{
		"Sun 01 Nov 2026 00:00 UTC – Tue 01 Dec 2026 00:00 UTC (UTC); previous period from Thu 01 Oct 2026 00:00 UTC.",
		"26 incident(s) opened (↑ was 14), 3 still open at the end · sev1: 8 · sev2: 9 · sev3: 7 · sev4: 2",
		"Time to detect: 3m / 8m (n=24) (→ was 3m).",
		"| internal | 0s / 0s (n=13) | 10m / 45m (n=7) | 2h30m / 25h00m (n=5) |",
		"| MSP | 0s / 15m (n=18) | 12m / 20m (n=13) | 3h20m / 8h20m (n=13) |",
		"| managers | – | 5m / 5m (n=1) | 45m / 45m (n=1) |",
		"| no one | – | – | 7m / 15m (n=4) |",
		"| all | 0s / 0s (n=26) | 10m / 30m (n=21) | 2h30m / 10h00m (n=23) |",
		"| trend (median) | → was 0s | ↓ was 11m | ↓ was 3h00m |",
		"| sev1 | 8 | 1 | 2m / 8m (n=8) | 4m30s / 20m (n=8) | 2h30m / 5h00m (n=7) | 5/8 (63%) | 5/7 (71%) | 0 |",
		"| sev2 | 9 | 1 | 4m / 15m (n=9) | 11m / 25m (n=8) | 3h00m / 10h00m (n=8) | 5/9 (56%) | 6/9 (67%) | 0 |",
		"| sev3 | 7 | 0 | 3m / 10m (n=7) | 20m / 35m (n=3) | 15m / 25h00m (n=7) | 6/7 (86%) | 6/7 (86%) | 4 |",
		"| sev4 | 2 | 1 | – | 37m30s / 45m (n=2) | 10h00m / 10h00m (n=1) | – | – | 0 |",
		"| database | 12 | 2 | 2m / 4m (n=11) | 9m / 35m (n=12) | 2h30m / 5h00m (n=10) | 7/11 (64%) | 8/10 (80%) | 0 |",
		"| network | 9 | 1 | 3m / 15m (n=9) | 10m / 25m (n=5) | 1h45m / 10h00m (n=8) | 6/9 (67%) | 6/9 (67%) | 3 |",
		"| backup | 5 | 0 | 5m30s / 10m (n=4) | 19m / 30m (n=4) | 5h00m / 10h00m (n=5) | 3/4 (75%) | 3/4 (75%) | 1 |",
		"| backup | 98.738% | none | 9h05m | 0m | ↓ (was 98.925%) |",
		"| database | 96.343% | 99.9% ❌ missed | 26h20m | 4h00m | ↓ (was 98.253%) |",
		"| network | 88.333% | 99.5% ❌ missed | 3d12h | 0m | ↓ (was 98.656%) |",
		"Overall 33/47 (70%), ack and resolve targets together (↓ was 84%).",
		"| sev1 | MSP | 3/6 (50%) | 3/5 (60%) |",
		"| sev2 | MSP | 2/5 (40%) | 4/6 (67%) |",
		"| sev2 | no one | 0/1 (0%) | 0/1 (0%) |",
		"| sev3 | no one | 4/4 (100%) | 4/4 (100%) |",
		"18 of 26 incident(s) reached the MSP side (↑ was 8).",
		"| after hours | 9 | INC-17, INC-18, INC-24, INC-28, INC-29, INC-32, INC-36, INC-38, INC-39 |",
		"| no acknowledgement | 4 | INC-21, INC-27, INC-40, INC-35 |",
		"| escalated by hand | 1 | INC-23 |",
		"| first step (MSP's scope) | 4 | INC-19, INC-20, INC-34, INC-37 |",
		"4 incident(s) resolved by monitoring before anyone acknowledged them (↑ was 2).",
		"| DBDown | 7 | 6 | 0 |", "| LinkFlap | 7 | 4 | 3 |", "| BackupFailed | 5 | 4 | 1 |",
		"| LinkDown | 3 | 3 | 0 |", "| DBReplicaLag | 3 | 2 | 0 |",
		"| 1 | INC-33 | sev4 | database | review 33 | 10d15h | still open |",
		"| 2 | INC-38 | sev2 | network | review 38 | 2d16h | still open |",
		"| 3 | INC-26 | sev3 | database | review 26 | 25h00m | resolved |",
		"| 5 | INC-28 | sev2 | network | review 28 | 10h00m | resolved |",
		"12 ticket(s) opened, 1 still open.",
		"| connectwise | 3h19m / 9h59m (n=7) |",
		"| halopsa | 4h07m / 4h45m (n=4) |",
		"| all | 3h45m / 8h04m (n=11) ↑ was 3h05m |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("review lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(md)
	}
}

// A review of one service: only its incidents and its availability.
// database in November: 12 incidents (period_want_groups.go), 7 of them
// reached the NOC: after hours #24 29 36 39, no ack #21 27 40, none by the
// first step (network is the NOC's scope); in October 6 incidents.
func TestReviewOfOneService(t *testing.T) {
	r := novemberReview("database")
	d := r.Data()
	if d.Service != "database" || d.Report.Incidents != 12 || d.Report.Previous.Incidents != 6 {
		t.Fatalf("database review: %d incidents, %d before", d.Report.Incidents, d.Report.Previous.Incidents)
	}
	if len(d.Report.Availability) != 1 || d.Report.Availability[0].UnplannedMinutes != 1580 {
		t.Fatalf("availability %+v", d.Report.Availability)
	}
	reasons := d.Period.Escalations.ByReason
	if d.Period.Escalations.Reached != 7 || len(reasons["after_hours"]) != 4 || len(reasons["no_ack"]) != 3 || len(reasons["first_step"]) != 0 {
		t.Fatalf("escalations %+v", d.Period.Escalations)
	}
	if md := reports.RenderReviewMarkdown(r, time.UTC); !strings.Contains(md, "# Operational review: database\n") {
		t.Fatalf("title:\n%s", md)
	}
}

// Without PrevFrom the previous period is the one of equal length before.
func TestReviewPreviousPeriodOfEqualLength(t *testing.T) {
	incs, timelines := reportstest.ReviewIncidents()
	from, to := reportstest.NovFrom, reportstest.NovFrom.AddDate(0, 0, 7)
	r := reports.ComputeReview(reports.PeriodInput{Incidents: incs, Timelines: timelines, From: from, To: to, Rules: reportstest.ReviewRules()})
	if !r.Previous.Report.From.Equal(from.AddDate(0, 0, -7)) || !r.Previous.Report.To.Equal(from) {
		t.Fatalf("previous %v – %v", r.Previous.Report.From, r.Previous.Report.To)
	}
	// 1–8 Nov: #15 to #24 (10); 25–31 Oct: #12 #13 #14 (3).
	if r.Period.Report.Total != 10 || r.Previous.Report.Total != 3 {
		t.Fatalf("totals %d, %d", r.Period.Report.Total, r.Previous.Report.Total)
	}
}
