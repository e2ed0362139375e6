// Package reportstest holds the report fixture: 25 incidents around one
// week with their figures worked out by hand, shared by the tests of
// package reports (the pure computation) and of package handlers (the same
// figures read back through the store).
package reportstest

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// The report fixture: 25 incidents around the week of Mon 23 Nov 2026 in
// America/Chicago (CST, UTC-6), with Thursday 26 Nov (Thanksgiving) a
// holiday. Both sides and a manager acknowledge; one incident is
// auto-resolved by monitoring with no ack; four are open at the end of the
// week (one acknowledged only after it); two lie outside the week. The
// expected figures (Want) are worked out by hand from this table.

// Chicago is the fixture's zone.
var Chicago = mustZone("America/Chicago")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// Local parses "2006-01-02 15:04" in Chicago.
func Local(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Chicago)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// The fixture's week, and the people who act in it.
var (
	WeekFrom = Local("2026-11-23 00:00")
	WeekTo   = Local("2026-11-30 00:00")

	Alice = &incident.Actor{Name: "Alice", Side: incident.Internal, Platform: "slack", User: "U01ALICE"}
	Nora  = &incident.Actor{Name: "Nora", Side: incident.MSP, Platform: "discord", User: "333"}
	Maria = &incident.Actor{Name: "Maria", Platform: "slack", User: "U01MARIA"} // a manager: no side
)

// Office is the calendar of every fixture incident's ladder.
var Office = &escalation.Calendar{Name: "office", Location: Chicago, Holidays: []string{"2026-11-26"},
	Spans: []escalation.Span{{Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}, StartMin: 8 * 60, EndMin: 18 * 60}}}

// SLA are the fixture's targets (none for sev4).
var SLA = map[incident.Severity]reports.SLA{
	incident.Sev1: {Ack: 5 * time.Minute, Resolve: 4 * time.Hour},
	incident.Sev2: {Ack: 15 * time.Minute, Resolve: 8 * time.Hour},
	incident.Sev3: {Ack: 30 * time.Minute, Resolve: 24 * time.Hour},
}

// Rules are the fixture's SLA, calendar and team sides.
func Rules() reports.Rules {
	return reports.Rules{
		SLA:      SLA,
		Calendar: func(incident.Incident) *escalation.Calendar { return Office },
		TeamSide: func(team string) incident.Side {
			return map[string]incident.Side{"acme-it": incident.Internal, "noc": incident.MSP}[team]
		},
	}
}

// row is one fixture incident: opened (local), severity, service, time to
// ack and who acked (0/nil: not acked), time to resolve (0: open), the
// assignee, and the teams paged.
type row struct {
	n        int
	opened   string
	sev      incident.Severity
	service  string
	ack      time.Duration
	by       *incident.Actor
	resolve  time.Duration
	assignee *incident.Actor
	paged    []string
}

const mn, hr = time.Minute, time.Hour

var (
	internalOnly = []string{"acme-it"}
	mspOnly      = []string{"noc"}
	both         = []string{"acme-it", "noc"}
)

var fixtureRows = []row{
	{1, "2026-11-23 09:00", 1, "database", 2 * mn, Alice, 1 * hr, nil, internalOnly},
	{2, "2026-11-23 10:00", 2, "database", 10 * mn, Alice, 3 * hr, nil, internalOnly},
	{3, "2026-11-23 19:00", 2, "network", 20 * mn, Nora, 9 * hr, nil, mspOnly},
	{4, "2026-11-23 23:30", 3, "network", 4 * mn, Nora, 30 * mn, nil, mspOnly},
	{5, "2026-11-24 08:30", 3, "backup", 40 * mn, Alice, 2 * hr, nil, internalOnly},
	{6, "2026-11-24 12:00", 1, "database", 6 * mn, Alice, 5 * hr, nil, both},
	{7, "2026-11-24 17:59", 4, "backup", 1 * hr, Alice, 10 * hr, nil, internalOnly},
	{8, "2026-11-24 22:00", 1, "network", 3 * mn, Nora, 2 * hr, nil, mspOnly},
	{9, "2026-11-25 03:00", 2, "database", 12 * mn, Nora, 7 * hr, nil, mspOnly},
	{10, "2026-11-25 09:15", 2, "database", 8 * mn, Nora, 90 * mn, Alice, both},
	{11, "2026-11-25 14:00", 3, "backup", 0, nil, 10 * mn, nil, internalOnly},
	{12, "2026-11-26 10:00", 1, "database", 4 * mn, Nora, 3 * hr, nil, mspOnly},
	{13, "2026-11-26 15:00", 2, "network", 25 * mn, Nora, 12 * hr, nil, mspOnly},
	{14, "2026-11-27 07:00", 3, "network", 15 * mn, Nora, 1 * hr, nil, mspOnly},
	{15, "2026-11-27 11:00", 2, "database", 5 * mn, Maria, 2 * hr, nil, internalOnly},
	{16, "2026-11-27 16:00", 3, "backup", 35 * mn, Alice, 30 * hr, nil, internalOnly},
	{17, "2026-11-28 02:00", 4, "backup", 50 * mn, Nora, 3 * hr, nil, mspOnly},
	{18, "2026-11-28 13:00", 1, "network", 7 * mn, Nora, 6 * hr, nil, mspOnly},
	{19, "2026-11-29 09:00", 2, "database", 0, nil, 0, nil, mspOnly},
	{20, "2026-11-29 20:00", 3, "network", 9 * mn, Nora, 0, nil, mspOnly},
	{21, "2026-11-29 23:50", 1, "database", 0, nil, 0, nil, mspOnly},
	{22, "2026-11-23 14:00", 3, "", 3 * mn, Alice, 45 * mn, nil, internalOnly},
	{23, "2026-11-22 23:00", 1, "database", 1 * mn, Alice, 1 * hr, nil, internalOnly}, // before the week
	{24, "2026-11-30 00:00", 1, "database", 1 * mn, Alice, 1 * hr, nil, internalOnly}, // at its end: the next week's
	{25, "2026-11-29 23:00", 3, "network", 80 * mn, Nora, 0, nil, mspOnly},            // acked after the week ended
}

// Incidents returns the fixture's incidents, as of the end of the week.
func Incidents() []incident.Incident {
	out := make([]incident.Incident, len(fixtureRows))
	for i, r := range fixtureRows {
		inc := incident.Incident{ID: "INC-" + strconv.Itoa(r.n), Title: "fixture " + strconv.Itoa(r.n), Status: incident.StatusOpen,
			Severity: r.sev, Service: r.service, OpenedAt: Local(r.opened), OpenedBy: incident.Monitoring,
			Assignee: r.assignee, Paged: r.paged, Step: 1}
		if r.by != nil {
			inc.Status, inc.AckedAt, inc.AckedBy = incident.StatusAcked, inc.OpenedAt.Add(r.ack), r.by
		}
		if r.resolve > 0 {
			inc.Status, inc.ResolvedAt = incident.StatusResolved, inc.OpenedAt.Add(r.resolve)
		}
		out[i] = inc
	}
	return out
}

// Durs turns minutes into durations.
func Durs(mins ...float64) []time.Duration {
	out := make([]time.Duration, len(mins))
	for i, v := range mins {
		out[i] = time.Duration(v * float64(time.Minute))
	}
	return out
}

// stats is the hand-computed expectation: n, median, p90, the values.
func stats(median, p90 float64, values ...float64) reports.Stats {
	return reports.Stats{N: len(values), Median: Durs(median)[0], P90: Durs(p90)[0], Values: Durs(values...)}
}

// Want holds the figures of the fixture worked out by hand (see the
// table above). Median of an even count is the mean of
// the two middle values; p90 is the value at rank ceil(0.9·n).
func Want() reports.Report {
	const I, M, G, N = reports.BucketInternal, reports.BucketMSP, reports.BucketManagers, reports.BucketNone
	return reports.Report{
		From: WeekFrom, To: WeekTo, Total: 23, StillOpen: 4,
		BySeverity: map[incident.Severity]int{1: 6, 2: 7, 3: 8, 4: 2},
		ByService:  []reports.NamedCount{{Name: "database", Count: 9}, {Name: "network", Count: 8}, {Name: "backup", Count: 5}, {Name: "", Count: 1}},
		Ack: map[string]reports.Stats{
			// internal: #1 2, #22 3, #6 6, #2 10, #16 35, #5 40, #7 60: n=7, median the 4th, p90 rank 7.
			I: stats(10, 60, 2, 3, 6, 10, 35, 40, 60),
			// MSP: #8 3, #4 4, #12 4, #18 7, #10 8, #20 9, #9 12, #14 15, #3 20, #13 25, #17 50: n=11, median the 6th, p90 rank 10.
			M: stats(9, 25, 3, 4, 4, 7, 8, 9, 12, 15, 20, 25, 50),
			G: stats(5, 5, 5), // #15 Maria
		},
		// all 19 acknowledged: median the 10th (9m), p90 rank 18 (50m).
		AckAll: stats(9, 50, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 35, 40, 50, 60),
		Resolve: map[string]reports.Stats{
			// internal holders: #22 45m, #1 1h, #10 1h30 (assigned to Alice), #5 2h, #2 3h, #6 5h, #7 10h, #16 30h:
			// n=8, median (2h+3h)/2, p90 rank 8.
			I: stats(150, 1800, 45, 60, 90, 120, 180, 300, 600, 1800),
			// MSP: #4 30m, #14 1h, #8 2h, #12 3h, #17 3h, #18 6h, #9 7h, #3 9h, #13 12h: median the 5th, p90 rank 9.
			M: stats(180, 720, 30, 60, 120, 180, 180, 360, 420, 540, 720),
			G: stats(120, 120, 120), // #15
			N: stats(10, 10, 10),    // #11 auto-resolved, nobody held it
		},
		ResolveAll: stats(180, 720, 10, 30, 45, 60, 60, 90, 120, 120, 120, 180, 180, 180, 300, 360, 420, 540, 600, 720, 1800),
		SLAAck:     wantSLAAck(), SLAResolve: wantSLAResolve(),
		// noc paged on #3 4 6 8 9 10 12 13 14 17 18 19 20 21 25; #6 and #10 in business hours.
		ReachedMSP: 15, ReachedMSPAfter: 13,
		// after hours: #3 4 8 9 12 13 14 17 18 19 20 21 25; #12 and #13 on Thanksgiving.
		AfterHours: 13, Holidays: 2,
	}
}

// sla and k keep the SLA tables below short.
func sla(met, of int) reports.Ratio { return reports.Ratio{Met: met, Of: of} }

func k(sev incident.Severity, b string) reports.SLAKey {
	return reports.SLAKey{Severity: sev, Bucket: b}
}

// wantSLAAck is the fixture's acknowledgement SLA, met of counted, by
// severity and bucket (targets in brackets).
func wantSLAAck() map[reports.SLAKey]reports.Ratio {
	const I, M, G, N = reports.BucketInternal, reports.BucketMSP, reports.BucketManagers, reports.BucketNone
	return map[reports.SLAKey]reports.Ratio{
		k(1, I): sla(1, 2), // #1 2m met, #6 6m missed (5m)
		k(1, M): sla(2, 3), // #8, #12 met; #18 7m missed
		k(1, N): sla(0, 1), // #21 open 10m, past 5m
		k(2, I): sla(1, 1), // #2
		k(2, M): sla(2, 4), // #9, #10 met; #3 20m, #13 25m missed (15m)
		k(2, G): sla(1, 1), // #15
		k(2, N): sla(0, 1), // #19 never acked
		k(3, I): sla(1, 3), // #22 met; #5 40m, #16 35m missed (30m)
		k(3, M): sla(3, 3), // #4, #14, #20
		k(3, N): sla(1, 2), // #11 resolved in 10m with no ack: met; #25 unacked at the end, 60m: missed
	}
}

// wantSLAResolve is the fixture's resolution SLA, likewise.
func wantSLAResolve() map[reports.SLAKey]reports.Ratio {
	const I, M, G, N = reports.BucketInternal, reports.BucketMSP, reports.BucketManagers, reports.BucketNone
	return map[reports.SLAKey]reports.Ratio{
		k(1, I): sla(1, 2), // #1 met, #6 5h missed (4h)
		k(1, M): sla(2, 3), // #8, #12 met; #18 6h missed; #21 pending
		k(2, I): sla(2, 2), // #2, #10
		k(2, M): sla(1, 3), // #9 met; #3 9h, #13 12h missed (8h)
		k(2, G): sla(1, 1), // #15
		k(2, N): sla(0, 1), // #19 open 15h
		k(3, I): sla(2, 3), // #5, #22 met; #16 30h missed (24h)
		k(3, M): sla(2, 2), // #4, #14; #20 pending
		k(3, N): sla(1, 1), // #11; #25 pending
	}
}

// Check compares every figure with the hand-computed ones.
func Check(t *testing.T, got reports.Report) {
	t.Helper()
	want := Want()
	slow := got.Slowest
	got.Slowest = nil
	// Availability and the previous period are checked by their own tests
	// (reports: TestServiceAvailability…, handlers: TestTimeToDetect…).
	got.Availability, got.Previous = nil, nil
	if !reflect.DeepEqual(got, want) {
		for _, f := range []string{"Total", "StillOpen", "BySeverity", "ByService", "Ack", "AckAll", "Resolve", "ResolveAll",
			"SLAAck", "SLAResolve", "ReachedMSP", "ReachedMSPAfter", "AfterHours", "Holidays"} {
			g, w := reflect.ValueOf(got).FieldByName(f).Interface(), reflect.ValueOf(want).FieldByName(f).Interface()
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s:\n got %+v\nwant %+v", f, g, w)
			}
		}
		t.FailNow()
	}
	// Slowest: #16 30h, #19 open 15h at the end, #13 12h, #7 10h, #3 9h.
	var ids []string
	var took []time.Duration
	for _, s := range slow {
		ids = append(ids, s.Incident.ID)
		took = append(took, s.Took)
	}
	if strings.Join(ids, ",") != "INC-16,INC-19,INC-13,INC-7,INC-3" ||
		!reflect.DeepEqual(took, Durs(1800, 900, 720, 600, 540)) || !slow[1].Open || slow[0].Open {
		t.Errorf("slowest %v %v", ids, took)
	}
}
