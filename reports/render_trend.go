package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
)

// Arrow is the trend of a figure against the previous period's: ↑ higher,
// ↓ lower, → the same. It says which way the number moved, not whether
// that is good (a longer time is worse, a higher availability better).
func Arrow(now, before float64) string {
	switch {
	case now > before:
		return "↑"
	case now < before:
		return "↓"
	}
	return "→"
}

// statsTrend is " ↑ (was 7m)" against the previous period's median, "" when
// either period has no value.
func statsTrend(now Stats, before *Stats) string {
	if before == nil || before.N == 0 || now.N == 0 {
		return ""
	}
	return fmt.Sprintf(" %s (was %s)", Arrow(float64(now.Median), float64(before.Median)), Duration(before.Median))
}

// prevStats picks one Stats of the previous period, nil when there is none.
func prevStats(r Report, pick func(Report) Stats) *Stats {
	if p := r.Previous; p != nil {
		s := pick(*p)
		return &s
	}
	return nil
}

func writeDetect(b *strings.Builder, r Report) {
	b.WriteString("*Time to detect* (alert start to opening, median / p90): ")
	if r.Detect.N == 0 {
		b.WriteString("none (no alert said when it started)\n")
	} else {
		fmt.Fprintf(b, "%s / %s (n=%d)%s\n", Duration(r.Detect.Median), Duration(r.Detect.P90), r.Detect.N,
			statsTrend(r.Detect, prevStats(r, func(p Report) Stats { return p.Detect })))
	}
	b.WriteString("*Time to first page* (opening to the first page of each side, median / p90):\n")
	for _, bucket := range Buckets {
		if s, ok := r.FirstPage[bucket]; ok && s.N > 0 {
			fmt.Fprintf(b, "• %s: %s / %s (n=%d)%s\n", bucketLabel(bucket), Duration(s.Median), Duration(s.P90), s.N,
				statsTrend(s, prevStats(r, func(p Report) Stats { return p.FirstPage[bucket] })))
		}
	}
	if s := r.FirstPageAll; s.N > 0 {
		fmt.Fprintf(b, "• any side: %s / %s (n=%d)%s\n", Duration(s.Median), Duration(s.P90), s.N,
			statsTrend(s, prevStats(r, func(p Report) Stats { return p.FirstPageAll })))
	} else {
		b.WriteString("• nobody paged\n")
	}
}

func writeAvailability(b *strings.Builder, r Report) {
	if len(r.Availability) == 0 {
		return
	}
	b.WriteString("*Availability* (outage incidents open outside maintenance):\n")
	for i, a := range r.Availability {
		if i == maxServices {
			fmt.Fprintf(b, "• %d more service(s)\n", len(r.Availability)-i)
			break
		}
		target := ""
		if a.Target > 0 {
			target = fmt.Sprintf(" (target %s%%, %s)", Percent(a.Target), map[bool]string{true: "met", false: "missed"}[a.Met()])
		}
		fmt.Fprintf(b, "• %s: %s%%%s · unplanned %s · planned %s%s\n", chat.Truncate(a.Service, 30), Percent(a.Percent), target,
			outageText(a.Unplanned), outageText(a.Planned), availabilityTrend(r, a))
	}
}

func availabilityTrend(r Report, a Availability) string {
	p := r.Previous
	if p == nil {
		return ""
	}
	for _, was := range p.Availability {
		if was.Service == a.Service {
			return fmt.Sprintf(" %s (was %s%%)", Arrow(Round3(a.Percent), Round3(was.Percent)), Percent(was.Percent))
		}
	}
	return ""
}

// outageText is an outage time in minutes, "0m" when none.
func outageText(d time.Duration) string {
	if d == 0 {
		return "0m"
	}
	return Duration(d)
}

// Round3 rounds a percentage to three decimals, as reports show it.
func Round3(p float64) float64 { return math.Round(p*1000) / 1000 }

// Percent writes a percentage with at most three decimals: 99.9, 96.875, 100.
func Percent(p float64) string { return strconv.FormatFloat(Round3(p), 'f', -1, 64) }
