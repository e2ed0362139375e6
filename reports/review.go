package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
)

// ReviewInput is what a post-incident review is rendered from.
type ReviewInput struct {
	Incident incident.Incident
	Events   []incident.Event
	Zone     *time.Location
	SLA      SLA // targets of the incident's severity
	HasSLA   bool
	Calendar *escalation.Calendar // the ladder's calendar, for the window at opening
	TeamSide func(team string) incident.Side
}

// RenderReview writes the post-incident review as a Markdown document:
// summary, impact window, response against SLA, who acted on which side,
// notes, the whole timeline, and the chain's final hash.
func RenderReview(in ReviewInput) string {
	if in.Zone == nil {
		in.Zone = time.UTC
	}
	var b strings.Builder
	inc := in.Incident
	fmt.Fprintf(&b, "# Post-incident review: %s %s\n\n", inc.ID, mdText(inc.Title))
	writeSummary(&b, in)
	writeImpact(&b, in)
	writeResponse(&b, in)
	writeActors(&b, in.Events)
	writeNotes(&b, in)
	writeTimelineTable(&b, in)
	b.WriteString("## Integrity\n\n")
	fmt.Fprintf(&b, "The timeline has %d entries, each carrying the SHA-256 of the entry before it and of its own content.\n\n", len(in.Events))
	fmt.Fprintf(&b, "- Final hash (head): `%s`\n", cmp.Or(inc.Head, "none"))
	fmt.Fprintf(&b, "- Check it against the store: `tandem audit verify %s`\n", inc.ID)
	return b.String()
}

func writeSummary(b *strings.Builder, in ReviewInput) {
	inc := in.Incident
	b.WriteString("## Summary\n\n| Field | Value |\n|---|---|\n")
	row(b, "Severity", inc.Severity.String())
	row(b, "Service", cmp.Or(inc.Service, "(none)"))
	row(b, "Status", string(inc.Status))
	row(b, "Opened", stamp(inc.OpenedAt, in.Zone)+" by "+inc.OpenedBy.FromPlatform())
	row(b, "Window at opening", openingWindow(in.Calendar, inc.OpenedAt))
	if !inc.AckedAt.IsZero() {
		by := ""
		if inc.AckedBy != nil {
			by = " by " + inc.AckedBy.FromPlatform()
		}
		row(b, "Acknowledged", stamp(inc.AckedAt, in.Zone)+by)
	}
	if h := inc.Holder(); h != nil {
		row(b, "Held by", h.String())
	}
	if !inc.ResolvedAt.IsZero() {
		row(b, "Resolved", stamp(inc.ResolvedAt, in.Zone)+resolvedBy(in.Events))
	}
	row(b, "Teams paged", pagedTeams(inc.Paged, in.TeamSide))
	row(b, "Alerts", inc.Alerts.Text())
	for _, l := range inc.Links {
		href := strings.NewReplacer(")", "%29", " ", "%20", "|", "%7C").Replace(l.Href)
		fmt.Fprintf(b, "| Link | [%s](%s) |\n", cell(cmp.Or(l.Text, "link")), href)
	}
	b.WriteString("\n")
}

func writeImpact(b *strings.Builder, in ReviewInput) {
	start, end, ongoing := impactWindow(in.Incident, in.Events)
	b.WriteString("## Impact window\n\n")
	if ongoing {
		fmt.Fprintf(b, "From %s, still ongoing.\n\n", stamp(start, in.Zone))
		return
	}
	fmt.Fprintf(b, "From %s to %s: %s. It starts at the first alert firing or the opening, whichever is earlier, and ends at resolution.\n\n",
		stamp(start, in.Zone), stamp(end, in.Zone), Duration(end.Sub(start)))
}

// impactWindow runs from the earliest of the opening and the first alert
// firing to the resolution.
func impactWindow(inc incident.Incident, events []incident.Event) (start, end time.Time, ongoing bool) {
	start = inc.OpenedAt
	for _, e := range events {
		if e.Kind == incident.KindOpened || e.Kind == incident.KindAlertFiring {
			if e.At.Before(start) {
				start = e.At
			}
		}
	}
	if inc.ResolvedAt.IsZero() {
		return start, time.Time{}, true
	}
	return start, inc.ResolvedAt, false
}

func writeResponse(b *strings.Builder, in ReviewInput) {
	inc := in.Incident
	b.WriteString("## Response against SLA\n\n")
	fmt.Fprintf(b, "Clocks start at the (latest) opening; see docs/metrics.md.\n\n| Clock | Took | Target (%s) | Result | Side |\n|---|---|---|---|---|\n", inc.Severity)
	tta, acked := inc.TimeToAck()
	ttr, resolved := inc.TimeToResolve()
	fmt.Fprintf(b, "| Acknowledge | %s | %s | %s | %s |\n", took(tta, acked), target(in.SLA.Ack, in.HasSLA), verdict(tta, acked, in.SLA.Ack, in.HasSLA), bucketLabel(bucketOf(inc.AckedBy)))
	fmt.Fprintf(b, "| Resolve | %s | %s | %s | %s |\n\n", took(ttr, resolved), target(in.SLA.Resolve, in.HasSLA), verdict(ttr, resolved, in.SLA.Resolve, in.HasSLA), bucketLabel(bucketOf(inc.Holder())))
}

func took(d time.Duration, ok bool) string {
	if !ok {
		return "not yet"
	}
	return Duration(d)
}

func target(d time.Duration, ok bool) string {
	if !ok || d <= 0 {
		return "none"
	}
	return Duration(d)
}

func verdict(d time.Duration, done bool, tgt time.Duration, ok bool) string {
	switch {
	case !ok || tgt <= 0:
		return "no target"
	case !done:
		return "running"
	case d <= tgt:
		return "✅ met"
	}
	return "❌ missed by " + Duration(d-tgt)
}

// writeActors lists who acted on which side: each person or system and the
// kinds of entries they caused, with counts.
func writeActors(b *strings.Builder, events []incident.Event) {
	type acts struct {
		actor incident.Actor
		kinds map[incident.Kind]int
		order []incident.Kind
	}
	var list []*acts
	byKey := map[string]*acts{}
	for _, e := range events {
		key := e.Actor.Name + "\x00" + string(e.Actor.Side) + "\x00" + e.Actor.Platform
		a, ok := byKey[key]
		if !ok {
			a = &acts{actor: e.Actor, kinds: map[incident.Kind]int{}}
			byKey[key] = a
			list = append(list, a)
		}
		if a.kinds[e.Kind] == 0 {
			a.order = append(a.order, e.Kind)
		}
		a.kinds[e.Kind]++
	}
	b.WriteString("## Who acted\n\n| Who | Side | Platform | Actions |\n|---|---|---|---|\n")
	for _, a := range list {
		parts := make([]string, len(a.order))
		for i, k := range a.order {
			parts[i] = string(k)
			if n := a.kinds[k]; n > 1 {
				parts[i] += fmt.Sprintf(" ×%d", n)
			}
		}
		side := "–"
		if a.actor.Side != "" {
			side = a.actor.Side.Label()
		} else if !slices.Contains([]string{"tandem", "monitoring"}, a.actor.Platform) {
			side = "managers"
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", cell(a.actor.Name), side, cell(cmp.Or(a.actor.Platform, "–")), cell(strings.Join(parts, ", ")))
	}
	b.WriteString("\n")
}

func writeNotes(b *strings.Builder, in ReviewInput) {
	b.WriteString("## Notes\n\n")
	n := 0
	for _, e := range in.Events {
		text := e.Details["text"]
		if e.Kind == incident.KindResolved {
			text = e.Details["note"]
		}
		if (e.Kind != incident.KindNote && e.Kind != incident.KindResolved) || text == "" {
			continue
		}
		n++
		fmt.Fprintf(b, "- %s, %s: %s\n", stamp(e.At, in.Zone), mdText(e.Actor.String()), mdText(chat.OneLine(text)))
	}
	if n == 0 {
		b.WriteString("No notes.\n")
	}
	b.WriteString("\n")
}

func writeTimelineTable(b *strings.Builder, in ReviewInput) {
	fmt.Fprintf(b, "## Timeline\n\nTimes in %s.\n\n| # | Time | Entry | Hash |\n|---|---|---|---|\n", in.Zone)
	for i, e := range in.Events {
		fmt.Fprintf(b, "| %d | %s | %s | `%s` |\n", i+1, e.At.In(in.Zone).Format("2006-01-02 15:04:05 MST"),
			cell(chat.DescribeEvent(e)), cmp.Or(e.Hash[:min(12, len(e.Hash))], "–"))
	}
	b.WriteString("\n")
}

func row(b *strings.Builder, name, value string) {
	fmt.Fprintf(b, "| %s | %s |\n", name, cell(value))
}

func stamp(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon 02 Jan 2006 15:04:05 MST")
}

func openingWindow(cal *escalation.Calendar, t time.Time) string {
	w := strings.ReplaceAll(string(cal.WindowAt(t)), "_", " ")
	if cal == nil {
		return w + " (no calendar)"
	}
	if cal.IsHoliday(t) {
		w += ", a holiday"
	}
	return fmt.Sprintf("%s (calendar %s)", w, cal.Name)
}

func resolvedBy(events []incident.Event) string {
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Kind == incident.KindResolved {
			return " by " + events[i].Actor.FromPlatform()
		}
	}
	return ""
}

func pagedTeams(teams []string, side func(string) incident.Side) string {
	if len(teams) == 0 {
		return "none"
	}
	parts := make([]string, len(teams))
	for i, t := range teams {
		label := "managers"
		if side != nil && side(t) != "" {
			label = side(t).Label()
		}
		parts[i] = fmt.Sprintf("%s (%s)", t, label)
	}
	return strings.Join(parts, ", ")
}

// mdText escapes the characters Markdown would read as markup in text
// people wrote (titles, notes, names), so it shows as written.
func mdText(s string) string {
	return mdEscaper.Replace(s)
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "|", `\|`, "#", `\#`)

// cell is mdText for a table cell, on one line.
func cell(s string) string { return mdText(chat.OneLine(s)) }
