package reports

import (
	"cmp"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// bucketLabel is how a side bucket reads in a report.
func bucketLabel(b string) string {
	switch b {
	case BucketMSP:
		return "MSP"
	case BucketNone:
		return "no one"
	}
	return b
}

// MaxText is the longest report text: one Discord message (the
// smallest limit of the chats; a channel post is sent as one message, so a
// retry never repeats half of it).
const MaxText = 2000

// maxServices is how many services the report names; the rest are summed.
const maxServices = 6

// Render writes the report as chat text (plain lines with light
// markup every platform shows), times in loc with the zone named, within
// MaxText: when the figures run long, the slowest list is shortened.
func Render(r Report, loc *time.Location) string {
	for n := len(r.Slowest); ; n-- {
		cut := r
		cut.Slowest = r.Slowest[:n]
		text := render(cut, loc)
		if utf8.RuneCountInString(text) <= MaxText {
			return text
		}
		if n == 0 {
			return chat.Truncate(text, MaxText)
		}
	}
}

func render(r Report, loc *time.Location) string {
	var b strings.Builder
	days := int(r.To.Sub(r.From).Round(time.Hour).Hours() / 24)
	fmt.Fprintf(&b, "📊 *Incident report* %s – %s (%d days)\n", r.From.In(loc).Format(reportTime), r.To.In(loc).Format(reportTime), days)
	if r.Total == 0 {
		b.WriteString("No incidents opened in this period. 🎉\n")
		writeAvailability(&b, r) // an outage opened before may have run on
		return b.String()
	}
	fmt.Fprintf(&b, "%d incident(s) opened, %d still open · %s\n", r.Total, r.StillOpen, severityCounts(r.BySeverity))
	b.WriteString("By service: " + serviceCounts(r.ByService) + "\n")
	writeDetect(&b, r)
	writeStats(&b, "Time to acknowledge", r.Ack, r.AckAll, prevStats(r, func(p Report) Stats { return p.AckAll }))
	writeStats(&b, "Time to resolve", r.Resolve, r.ResolveAll, prevStats(r, func(p Report) Stats { return p.ResolveAll }))
	writeSLA(&b, r)
	writeAvailability(&b, r)
	fmt.Fprintf(&b, "Reached the MSP: %d of %d (%d%%), %d of them after hours\n",
		r.ReachedMSP, r.Total, Ratio{r.ReachedMSP, r.Total}.Percent(), r.ReachedMSPAfter)
	fmt.Fprintf(&b, "Opened after hours: %d of %d (%d%%) · on holidays: %d (%d%%)\n",
		r.AfterHours, r.Total, Ratio{r.AfterHours, r.Total}.Percent(), r.Holidays, Ratio{r.Holidays, r.Total}.Percent())
	writeSlowest(&b, r.Slowest)
	b.WriteString("Definitions: docs/metrics.md\n")
	return b.String()
}

const reportTime = "Mon 02 Jan 2006 15:04 MST"

func severityCounts(m map[incident.Severity]int) string {
	parts := make([]string, 0, 4)
	for sev := incident.Sev1; sev <= incident.Sev4; sev++ {
		parts = append(parts, fmt.Sprintf("%s: %d", sev, m[sev]))
	}
	return strings.Join(parts, " · ")
}

func serviceCounts(cs []NamedCount) string {
	var parts []string
	rest, others := 0, 0
	for i, c := range cs {
		if i < maxServices {
			parts = append(parts, fmt.Sprintf("%s: %d", chat.Truncate(cmp.Or(c.Name, "(none)"), 30), c.Count))
			continue
		}
		rest, others = rest+c.Count, others+1
	}
	if others > 0 {
		parts = append(parts, fmt.Sprintf("%d more service(s): %d", others, rest))
	}
	return strings.Join(parts, " · ")
}

func writeStats(b *strings.Builder, title string, by map[string]Stats, all Stats, before *Stats) {
	fmt.Fprintf(b, "*%s* (median / p90):\n", title)
	for _, bucket := range Buckets {
		if s, ok := by[bucket]; ok && s.N > 0 {
			fmt.Fprintf(b, "• %s: %s / %s (n=%d)\n", bucketLabel(bucket), Duration(s.Median), Duration(s.P90), s.N)
		}
	}
	if all.N == 0 {
		b.WriteString("• none yet\n")
		return
	}
	fmt.Fprintf(b, "• all: %s / %s (n=%d)%s\n", Duration(all.Median), Duration(all.P90), all.N, statsTrend(all, before))
}

func writeSLA(b *strings.Builder, r Report) {
	if len(r.SLAAck) == 0 && len(r.SLAResolve) == 0 {
		b.WriteString("*SLA met*: no SLA configured for these severities\n")
		return
	}
	b.WriteString("*SLA met* (ack · resolve):\n")
	for sev := incident.Sev1; sev <= incident.Sev4; sev++ {
		for _, bucket := range Buckets {
			k := SLAKey{sev, bucket}
			a, aok := r.SLAAck[k]
			res, rok := r.SLAResolve[k]
			if !aok && !rok {
				continue
			}
			fmt.Fprintf(b, "• %s %s: ack %s · resolve %s\n", sev, bucketLabel(bucket), ratioText(a, aok), ratioText(res, rok))
		}
	}
}

func ratioText(r Ratio, ok bool) string {
	if !ok {
		return "–"
	}
	return fmt.Sprintf("%d/%d (%d%%)", r.Met, r.Of, r.Percent())
}

func writeSlowest(b *strings.Builder, slow []Slow) {
	if len(slow) == 0 {
		return
	}
	b.WriteString("*Slowest* (time to resolve, or age if still open):\n")
	for i, s := range slow {
		inc := s.Incident
		state := "resolved"
		if h := inc.Holder(); h != nil {
			state += ", held by " + h.String()
		}
		if s.Open {
			state = "still open"
		}
		fmt.Fprintf(b, "%d. %s [%s] %s · %s · %s · %s\n", i+1, inc.ID, inc.Severity, chat.Truncate(cmp.Or(inc.Service, "(none)"), 30),
			chat.Truncate(inc.Title, 50), Duration(s.Took), state)
	}
}

// Duration renders a figure: seconds under an hour ("4m30s"), minutes
// above ("7h05m"), days past two days ("3d4h").
func Duration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return d.Round(time.Second).String()
	case d < time.Hour:
		d = d.Round(time.Second)
		if d%time.Minute == 0 {
			return fmt.Sprintf("%dm", d/time.Minute)
		}
		return fmt.Sprintf("%dm%02ds", d/time.Minute, d%time.Minute/time.Second)
	case d < 48*time.Hour:
		d = d.Round(time.Minute)
		return fmt.Sprintf("%dh%02dm", d/time.Hour, d%time.Hour/time.Minute)
	}
	d = d.Round(time.Hour)
	return fmt.Sprintf("%dd%dh", d/(24*time.Hour), d%(24*time.Hour)/time.Hour)
}
