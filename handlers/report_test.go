package handlers_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
)

func durs(mins ...float64) []time.Duration {
	out := make([]time.Duration, len(mins))
	for i, v := range mins {
		out[i] = time.Duration(v * float64(time.Minute))
	}
	return out
}

// stats is the hand-computed expectation: n, median, p90, the values.
func stats(median, p90 float64, values ...float64) handlers.Stats {
	return handlers.Stats{N: len(values), Median: durs(median)[0], P90: durs(p90)[0], Values: durs(values...)}
}

// wantReport holds the figures of the fixture worked out by hand (see the
// table in report_fixture_test.go). Median of an even count is the mean of
// the two middle values; p90 is the value at rank ceil(0.9·n).
func wantReport() handlers.Report {
	sla := func(met, of int) handlers.Ratio { return handlers.Ratio{Met: met, Of: of} }
	k := func(sev incident.Severity, b string) handlers.SLAKey {
		return handlers.SLAKey{Severity: sev, Bucket: b}
	}
	const I, M, G, N = handlers.BucketInternal, handlers.BucketMSP, handlers.BucketManagers, handlers.BucketNone
	return handlers.Report{
		From: weekFrom, To: weekTo, Total: 23, StillOpen: 4,
		BySeverity: map[incident.Severity]int{1: 6, 2: 7, 3: 8, 4: 2},
		ByService:  []handlers.NamedCount{{Name: "database", Count: 9}, {Name: "network", Count: 8}, {Name: "backup", Count: 5}, {Name: "", Count: 1}},
		Ack: map[string]handlers.Stats{
			// internal: #1 2, #22 3, #6 6, #2 10, #16 35, #5 40, #7 60: n=7, median the 4th, p90 rank 7.
			I: stats(10, 60, 2, 3, 6, 10, 35, 40, 60),
			// MSP: #8 3, #4 4, #12 4, #18 7, #10 8, #20 9, #9 12, #14 15, #3 20, #13 25, #17 50: n=11, median the 6th, p90 rank 10.
			M: stats(9, 25, 3, 4, 4, 7, 8, 9, 12, 15, 20, 25, 50),
			G: stats(5, 5, 5), // #15 Maria
		},
		// all 19 acknowledged: median the 10th (9m), p90 rank 18 (50m).
		AckAll: stats(9, 50, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 35, 40, 50, 60),
		Resolve: map[string]handlers.Stats{
			// internal holders: #22 45m, #1 1h, #10 1h30 (assigned to Alice), #5 2h, #2 3h, #6 5h, #7 10h, #16 30h:
			// n=8, median (2h+3h)/2, p90 rank 8.
			I: stats(150, 1800, 45, 60, 90, 120, 180, 300, 600, 1800),
			// MSP: #4 30m, #14 1h, #8 2h, #12 3h, #17 3h, #18 6h, #9 7h, #3 9h, #13 12h: median the 5th, p90 rank 9.
			M: stats(180, 720, 30, 60, 120, 180, 180, 360, 420, 540, 720),
			G: stats(120, 120, 120), // #15
			N: stats(10, 10, 10),    // #11 auto-resolved, nobody held it
		},
		ResolveAll: stats(180, 720, 10, 30, 45, 60, 60, 90, 120, 120, 120, 180, 180, 180, 300, 360, 420, 540, 600, 720, 1800),
		SLAAck: map[handlers.SLAKey]handlers.Ratio{
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
		},
		SLAResolve: map[handlers.SLAKey]handlers.Ratio{
			k(1, I): sla(1, 2), // #1 met, #6 5h missed (4h)
			k(1, M): sla(2, 3), // #8, #12 met; #18 6h missed; #21 pending
			k(2, I): sla(2, 2), // #2, #10
			k(2, M): sla(1, 3), // #9 met; #3 9h, #13 12h missed (8h)
			k(2, G): sla(1, 1), // #15
			k(2, N): sla(0, 1), // #19 open 15h
			k(3, I): sla(2, 3), // #5, #22 met; #16 30h missed (24h)
			k(3, M): sla(2, 2), // #4, #14; #20 pending
			k(3, N): sla(1, 1), // #11; #25 pending
		},
		// noc paged on #3 4 6 8 9 10 12 13 14 17 18 19 20 21 25; #6 and #10 in business hours.
		ReachedMSP: 15, ReachedMSPAfter: 13,
		// after hours: #3 4 8 9 12 13 14 17 18 19 20 21 25; #12 and #13 on Thanksgiving.
		AfterHours: 13, Holidays: 2,
	}
}

func TestReportFiguresMatchHandComputedFixture(t *testing.T) {
	got := handlers.ComputeReport(fixtureIncidents(), weekFrom, weekTo, fixtureRules())
	checkReport(t, got)
}

// checkReport compares every figure with the hand-computed ones.
func checkReport(t *testing.T, got handlers.Report) {
	t.Helper()
	want := wantReport()
	slow := got.Slowest
	got.Slowest = nil
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
		!reflect.DeepEqual(took, durs(1800, 900, 720, 600, 540)) || !slow[1].Open || slow[0].Open {
		t.Errorf("slowest %v %v", ids, took)
	}
}

func TestReportPercentagesAndText(t *testing.T) {
	r := handlers.ComputeReport(fixtureIncidents(), weekFrom, weekTo, fixtureRules())
	text := handlers.RenderReport(r, chicago)
	for _, want := range []string{
		"📊 *Incident report* Mon 23 Nov 2026 00:00 CST – Mon 30 Nov 2026 00:00 CST (7 days)",
		"23 incident(s) opened, 4 still open · sev1: 6 · sev2: 7 · sev3: 8 · sev4: 2",
		"By service: database: 9 · network: 8 · backup: 5 · (none): 1",
		"• internal: 10m / 1h00m (n=7)",
		"• MSP: 9m / 25m (n=11)",
		"• managers: 5m / 5m (n=1)",
		"• all: 9m / 50m (n=19)",
		"• internal: 2h30m / 30h00m (n=8)",
		"• MSP: 3h00m / 12h00m (n=9)",
		"• no one: 10m / 10m (n=1)",
		"• sev1 internal: ack 1/2 (50%) · resolve 1/2 (50%)",
		"• sev1 MSP: ack 2/3 (67%) · resolve 2/3 (67%)",
		"• sev1 no one: ack 0/1 (0%) · resolve –",
		"• sev2 MSP: ack 2/4 (50%) · resolve 1/3 (33%)",
		"• sev3 internal: ack 1/3 (33%) · resolve 2/3 (67%)",
		"• sev3 no one: ack 1/2 (50%) · resolve 1/1 (100%)",
		"Reached the MSP: 15 of 23 (65%), 13 of them after hours",
		"Opened after hours: 13 of 23 (57%) · on holidays: 2 (9%)",
		"1. INC-16 [sev3] backup · fixture 16 · 30h00m · resolved, held by Alice (internal)",
		"2. INC-19 [sev2] database · fixture 19 · 15h00m · still open",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

func TestStatsPercentiles(t *testing.T) {
	tests := []struct {
		values      []float64
		median, p90 float64
	}{
		{[]float64{7}, 7, 7},
		{[]float64{1, 2}, 1.5, 2},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 9}, // rank ceil(9) = 9
		{[]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 11}, 6, 10},
	}
	for _, tt := range tests {
		s := handlers.NewStats(durs(tt.values...))
		if s.Median != durs(tt.median)[0] || s.P90 != durs(tt.p90)[0] {
			t.Errorf("%v: median %v p90 %v, want %v %v", tt.values, s.Median, s.P90, tt.median, tt.p90)
		}
	}
	if s := handlers.NewStats(nil); s.N != 0 || s.Median != 0 {
		t.Errorf("empty: %+v", s)
	}
}

func TestRatioPercentRounds(t *testing.T) {
	for _, tt := range []struct{ met, of, want int }{{2, 3, 67}, {1, 3, 33}, {1, 2, 50}, {0, 0, 0}, {15, 23, 65}, {1, 8, 13}} {
		if got := (handlers.Ratio{Met: tt.met, Of: tt.of}).Percent(); got != tt.want {
			t.Errorf("%d/%d = %d%%, want %d%%", tt.met, tt.of, got, tt.want)
		}
	}
}

// However many services, sides and severities, the report is one message
// on every chat: at most MaxReportText characters, shortening the slowest
// list first.
func TestReportFitsOneMessage(t *testing.T) {
	incs := fixtureIncidents()
	long := strings.Repeat("very long service name ", 5)
	for i := range incs {
		incs[i].Title = strings.Repeat("a long title that goes on ", 10)
		incs[i].Service = fmt.Sprintf("%s%02d", long, i)
	}
	text := handlers.RenderReport(handlers.ComputeReport(incs, weekFrom, weekTo, fixtureRules()), chicago)
	if n := utf8.RuneCountInString(text); n > handlers.MaxReportText {
		t.Fatalf("report of %d characters", n)
	}
	for _, want := range []string{"more service(s): ", "*SLA met*", "Opened after hours: 13 of 23", "*Slowest*", "1. INC-16"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}
