package reports

import (
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
)

// RenderReviewSummary is the review's chat post: its headline figures
// with their trends, within MaxText; the whole review goes with it as a
// Markdown file, and the charts as PNG files.
func RenderReviewSummary(r Review, name string, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	p, prev := r.Period, r.Previous
	rep := p.Report
	var b strings.Builder
	title := "📋 *Operational review* " + name
	if r.Service != "" {
		title += " · " + r.Service
	}
	fmt.Fprintf(&b, "%s (%s – %s)\n", title, rep.From.In(loc).Format(reportTime), rep.To.In(loc).Format(reportTime))
	fmt.Fprintf(&b, "%d incident(s)%s, %d still open · %s\n", rep.Total, countTrend(rep.Total, prev.Report.Total),
		rep.StillOpen, severityCounts(rep.BySeverity))
	line := func(label string, now, before Stats) {
		fmt.Fprintf(&b, "%s: %s", label, statsCell(now))
		if t := medianTrend(now, before); t != "" {
			fmt.Fprintf(&b, " (%s)", t)
		}
		b.WriteString("\n")
	}
	line("Time to detect", rep.Detect, prev.Report.Detect)
	line("Time to acknowledge", rep.AckAll, prev.Report.AckAll)
	line("Time to resolve", rep.ResolveAll, prev.Report.ResolveAll)
	if all := p.SLAMet(); all.Of > 0 {
		fmt.Fprintf(&b, "SLA met: %s\n", ratioText(all, true))
	}
	writeAvailability(&b, Report{Availability: rep.Availability, Previous: &prev.Report})
	e := p.Escalations
	parts := []string{}
	for _, reason := range Reasons {
		if n := len(e.ByReason[reason]); n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", reasonLabel[reason], n))
		}
	}
	fmt.Fprintf(&b, "Reached the MSP: %d%s %s\n", e.Reached, countTrend(e.Reached, prev.Escalations.Reached), strings.Join(parts, " · "))
	if t := p.Tickets; t.Opened > 0 {
		fmt.Fprintf(&b, "PSA tickets: %d opened, %d open · resolution %s\n", t.Opened, t.Open, statsCell(t.All))
	}
	b.WriteString("The whole review and its charts are attached.")
	return chat.Truncate(b.String(), MaxText)
}
