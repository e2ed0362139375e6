package reports

import (
	"cmp"
	"fmt"
	"strings"
	"time"
)

// RenderReviewMarkdown writes the operational review as a Markdown
// document, times in loc, each headline figure with its trend against the
// previous period (↑ ↓ →, the direction it moved, as the weekly report).
func RenderReviewMarkdown(r Review, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	var b strings.Builder
	p, prev := r.Period, r.Previous
	rep := p.Report
	title := "Operational review"
	if r.Service != "" {
		title += ": " + mdText(r.Service)
	}
	fmt.Fprintf(&b, "# %s\n\n%s – %s (%s); previous period from %s.\n\n", title, rep.From.In(loc).Format(reportTime),
		rep.To.In(loc).Format(reportTime), loc, prev.Report.From.In(loc).Format(reportTime))
	fmt.Fprintf(&b, "%d incident(s) opened%s, %d still open at the end · %s\n\n", rep.Total,
		countTrend(rep.Total, prev.Report.Total), rep.StillOpen, severityCounts(rep.BySeverity))
	writeSideTable(&b, rep, prev.Report)
	writeGroupTable(&b, "By severity", p.BySeverity)
	writeGroupTable(&b, "By service", p.ByService)
	writeAvailabilityTable(&b, rep, prev.Report)
	writeSLATable(&b, p, prev)
	writeEscalations(&b, p, prev)
	writeNoisiest(&b, p.Noisiest, p.AutoResolvedUnacked(), prev.AutoResolvedUnacked())
	writeSlowestTable(&b, rep.Slowest)
	writeTickets(&b, p.Tickets, prev.Tickets)
	b.WriteString("Definitions: docs/metrics.md and docs/reports.md.\n")
	return b.String()
}

// countTrend is " (↑ was 12)" against the previous period's count.
func countTrend(now, before int) string {
	return fmt.Sprintf(" (%s was %d)", Arrow(float64(now), float64(before)), before)
}

// statsCell is "9m / 25m (n=11)", "–" when there are none.
func statsCell(s Stats) string {
	if s.N == 0 {
		return "–"
	}
	return fmt.Sprintf("%s / %s (n=%d)", Duration(s.Median), Duration(s.P90), s.N)
}

// medianTrend is "↑ was 7m" against the previous median, "" without both.
func medianTrend(now, before Stats) string {
	if now.N == 0 || before.N == 0 {
		return ""
	}
	return fmt.Sprintf("%s was %s", Arrow(float64(now.Median), float64(before.Median)), Duration(before.Median))
}

func writeSideTable(b *strings.Builder, r, prev Report) {
	b.WriteString("## Response by side\n\nMedian / p90 (n). Time to detect: " + statsCell(r.Detect))
	if t := medianTrend(r.Detect, prev.Detect); t != "" {
		b.WriteString(" (" + t + ")")
	}
	b.WriteString(".\n\n| Side | First page | Acknowledge | Resolve |\n|---|---|---|---|\n")
	for _, bucket := range Buckets {
		fp, a, res := r.FirstPage[bucket], r.Ack[bucket], r.Resolve[bucket]
		if fp.N+a.N+res.N == 0 {
			continue
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", bucketLabel(bucket), statsCell(fp), statsCell(a), statsCell(res))
	}
	fmt.Fprintf(b, "| all | %s | %s | %s |\n", statsCell(r.FirstPageAll), statsCell(r.AckAll), statsCell(r.ResolveAll))
	fmt.Fprintf(b, "| trend (median) | %s | %s | %s |\n\n", cmp.Or(medianTrend(r.FirstPageAll, prev.FirstPageAll), "–"),
		cmp.Or(medianTrend(r.AckAll, prev.AckAll), "–"), cmp.Or(medianTrend(r.ResolveAll, prev.ResolveAll), "–"))
}

func writeGroupTable(b *strings.Builder, title string, gs []Group) {
	fmt.Fprintf(b, "## %s\n\n| | Incidents | Open | Detect | Acknowledge | Resolve | SLA ack | SLA resolve | Auto-resolved unacked |\n|---|---|---|---|---|---|---|---|---|\n", title)
	for _, g := range gs {
		fmt.Fprintf(b, "| %s | %d | %d | %s | %s | %s | %s | %s | %d |\n", cell(cmp.Or(g.Name, "(none)")), g.Total, g.StillOpen,
			statsCell(g.Detect), statsCell(g.Ack), statsCell(g.Resolve), ratioText(g.SLAAck, g.SLAAck.Of > 0),
			ratioText(g.SLAResolve, g.SLAResolve.Of > 0), g.AutoResolvedUnacked)
	}
	b.WriteString("\n")
}

func writeAvailabilityTable(b *strings.Builder, r, prev Report) {
	if len(r.Availability) == 0 {
		return
	}
	b.WriteString("## Availability\n\nOutage incidents open outside maintenance windows; planned is the windows' time.\n\n" +
		"| Service | Availability | Target | Unplanned | Planned | Trend |\n|---|---|---|---|---|---|\n")
	for _, a := range r.Availability {
		target := "none"
		if a.Target > 0 {
			target = fmt.Sprintf("%s%% %s", Percent(a.Target), map[bool]string{true: "✅ met", false: "❌ missed"}[a.Met()])
		}
		fmt.Fprintf(b, "| %s | %s%% | %s | %s | %s | %s |\n", cell(a.Service), Percent(a.Percent), target,
			outageText(a.Unplanned), outageText(a.Planned), cmp.Or(strings.TrimSpace(availabilityTrend(Report{Previous: &prev}, a)), "–"))
	}
	b.WriteString("\n")
}

func writeSLATable(b *strings.Builder, p, prev Period) {
	b.WriteString("## SLA met\n\n")
	keys := slaKeys(p.Report)
	if len(keys) == 0 {
		b.WriteString("No SLA configured for these severities.\n\n")
		return
	}
	all, was := p.SLAMet(), prev.SLAMet()
	fmt.Fprintf(b, "Overall %s, ack and resolve targets together", ratioText(all, true))
	if was.Of > 0 {
		fmt.Fprintf(b, " (%s was %d%%)", Arrow(float64(all.Percent()), float64(was.Percent())), was.Percent())
	}
	b.WriteString(".\n\n| Severity | Side | Acknowledge | Resolve |\n|---|---|---|---|\n")
	for _, k := range keys {
		a, aok := p.Report.SLAAck[k]
		res, rok := p.Report.SLAResolve[k]
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", k.Severity, bucketLabel(k.Bucket), ratioText(a, aok), ratioText(res, rok))
	}
	b.WriteString("\n")
}

// reasonLabel says a reason the way a manager reads it.
var reasonLabel = map[string]string{ReasonAfterHours: "after hours", ReasonNoAck: "no acknowledgement",
	ReasonManual: "escalated by hand", ReasonFirstStep: "first step (MSP's scope)"}

func writeEscalations(b *strings.Builder, p, prev Period) {
	e := p.Escalations
	fmt.Fprintf(b, "## Escalations to the MSP\n\n%d of %d incident(s) reached the MSP side%s.\n\n",
		e.Reached, p.Report.Total, countTrend(e.Reached, prev.Escalations.Reached))
	if e.Reached == 0 {
		return
	}
	b.WriteString("| Why | Incidents | Which |\n|---|---|---|\n")
	for _, reason := range Reasons {
		if ids := e.ByReason[reason]; len(ids) > 0 {
			fmt.Fprintf(b, "| %s | %d | %s |\n", reasonLabel[reason], len(ids), strings.Join(ids, ", "))
		}
	}
	b.WriteString("\n")
}

func writeNoisiest(b *strings.Builder, list []Noise, auto, autoBefore int) {
	fmt.Fprintf(b, "## Noisiest alerts\n\n%d incident(s) resolved by monitoring before anyone acknowledged them%s.\n\n",
		auto, countTrend(auto, autoBefore))
	if len(list) == 0 {
		return
	}
	b.WriteString("| Alert | Firings | Incidents | Auto-resolved unacked |\n|---|---|---|---|\n")
	for _, n := range list {
		fmt.Fprintf(b, "| %s | %d | %d | %d |\n", cell(n.Alert), n.Firings, n.Incidents, n.AutoResolvedUnacked)
	}
	b.WriteString("\n")
}

func writeSlowestTable(b *strings.Builder, slow []Slow) {
	if len(slow) == 0 {
		return
	}
	b.WriteString("## Slowest incidents\n\nTime to resolve, or age at the end of the period if still open.\n\n" +
		"| # | Incident | Severity | Service | Title | Took | State |\n|---|---|---|---|---|---|---|\n")
	for i, s := range slow {
		state := "resolved"
		if s.Open {
			state = "still open"
		}
		inc := s.Incident
		fmt.Fprintf(b, "| %d | %s | %s | %s | %s | %s | %s |\n", i+1, inc.ID, inc.Severity, cell(cmp.Or(inc.Service, "(none)")),
			cell(inc.Title), Duration(s.Took), state)
	}
	b.WriteString("\n")
}

func writeTickets(b *strings.Builder, t, prev Tickets) {
	b.WriteString("## PSA tickets\n\n")
	if t.Opened == 0 {
		b.WriteString("No PSA ticket was opened for this period's incidents.\n\n")
		return
	}
	fmt.Fprintf(b, "%d ticket(s) opened, %d still open. Resolution time (ticket opened to incident resolved), median / p90 (n):\n\n"+
		"| PSA | Resolution time |\n|---|---|\n", t.Opened, t.Open)
	for _, platform := range PSAPlatforms {
		if s, ok := t.ByPlatform[platform]; ok {
			fmt.Fprintf(b, "| %s | %s |\n", platform, statsCell(s))
		}
	}
	fmt.Fprintf(b, "| all | %s %s |\n\n", statsCell(t.All), medianTrend(t.All, prev.All))
}
