package reports_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tandemhq/tandem/reports"
	"github.com/tandemhq/tandem/reports/reportstest"
)

func TestReportFiguresMatchHandComputedFixture(t *testing.T) {
	got := reports.Compute(reportstest.Incidents(), reportstest.WeekFrom, reportstest.WeekTo, reportstest.Rules())
	reportstest.Check(t, got)
}

func TestReportPercentagesAndText(t *testing.T) {
	r := reports.Compute(reportstest.Incidents(), reportstest.WeekFrom, reportstest.WeekTo, reportstest.Rules())
	text := reports.Render(r, reportstest.Chicago)
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
		s := reports.NewStats(reportstest.Durs(tt.values...))
		if s.Median != reportstest.Durs(tt.median)[0] || s.P90 != reportstest.Durs(tt.p90)[0] {
			t.Errorf("%v: median %v p90 %v, want %v %v", tt.values, s.Median, s.P90, tt.median, tt.p90)
		}
	}
	if s := reports.NewStats(nil); s.N != 0 || s.Median != 0 {
		t.Errorf("empty: %+v", s)
	}
}

func TestRatioPercentRounds(t *testing.T) {
	for _, tt := range []struct{ met, of, want int }{{2, 3, 67}, {1, 3, 33}, {1, 2, 50}, {0, 0, 0}, {15, 23, 65}, {1, 8, 13}} {
		if got := (reports.Ratio{Met: tt.met, Of: tt.of}).Percent(); got != tt.want {
			t.Errorf("%d/%d = %d%%, want %d%%", tt.met, tt.of, got, tt.want)
		}
	}
}

// However many services, sides and severities, the report is one message
// on every chat: at most MaxText characters, shortening the slowest
// list first.
func TestReportFitsOneMessage(t *testing.T) {
	incs := reportstest.Incidents()
	long := strings.Repeat("very long service name ", 5)
	for i := range incs {
		incs[i].Title = strings.Repeat("a long title that goes on ", 10)
		incs[i].Service = fmt.Sprintf("%s%02d", long, i)
	}
	text := reports.Render(reports.Compute(incs, reportstest.WeekFrom, reportstest.WeekTo, reportstest.Rules()), reportstest.Chicago)
	if n := utf8.RuneCountInString(text); n > reports.MaxText {
		t.Fatalf("report of %d characters", n)
	}
	for _, want := range []string{"more service(s): ", "*SLA met*", "Opened after hours: 13 of 23", "*Slowest*", "1. INC-16"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}
