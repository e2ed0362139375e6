package chat

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// FormatEvent renders one timeline entry as a short chat line, with its time
// in loc and the zone shown.
func FormatEvent(e incident.Event, loc *time.Location) string {
	return e.At.In(loc).Format("15:04 MST") + " " + DescribeEvent(e)
}

// DescribeEvent says what happened, without the time.
func DescribeEvent(e incident.Event) string {
	d := e.Details
	who := e.Actor.FromPlatform()
	switch e.Kind {
	case incident.KindOpened:
		return fmt.Sprintf("🚨 opened by %s: %s [%s]", who, d[incident.DetailTitle], d[incident.DetailSeverity])
	case incident.KindAlertFiring:
		return "🔥 alert firing: " + cmp.Or(d[incident.DetailSummary], d[incident.DetailAlert], d[incident.DetailFingerprint])
	case incident.KindAlertResolved:
		return "🟢 alert resolved: " + cmp.Or(d[incident.DetailSummary], d[incident.DetailAlert], d[incident.DetailFingerprint])
	case incident.KindRoomCreated, incident.KindRoomClosed:
		return describeRoom(e.Kind, d)
	case incident.KindPaged:
		return fmt.Sprintf("📟 paged %s (%s, step %s, %s)%s", paged(d), sideLabel(d[incident.DetailSide]), d[incident.DetailStep],
			strings.ReplaceAll(d[incident.DetailWindow], "_", " "), onCallSource(d))
	case incident.KindAcked:
		return "✅ acknowledged by " + who
	case incident.KindUnacked:
		return "↩️ unacknowledged by " + who
	case incident.KindEscalated:
		return fmt.Sprintf("⏫ escalated to %s by %s", d[incident.DetailTo], who)
	case incident.KindNote:
		return fmt.Sprintf("📝 %s: %s", who, d[incident.DetailText])
	case incident.KindSeverityChanged:
		return fmt.Sprintf("🎚️ severity %s → %s by %s", d[incident.DetailFrom], d[incident.DetailTo], who)
	case incident.KindAssigned:
		return fmt.Sprintf("👤 assigned to %s by %s", d[incident.DetailTo], who)
	case incident.KindReminded:
		return "⏰ " + d[incident.DetailText]
	case incident.KindSLABreached:
		return fmt.Sprintf("⚠️ %s SLA breached (target %s)", d[incident.DetailSLA], d[incident.DetailTarget])
	case incident.KindResolved:
		return "🏁 resolved by " + who + prefixed(": ", d[incident.DetailNote])
	case incident.KindReopened:
		return fmt.Sprintf("🔁 reopened by %s: %s", who, d[incident.DetailReason])
	case incident.KindRefused:
		return fmt.Sprintf("⛔ refused %s for %s: %s", d[incident.DetailAction], who, d[incident.DetailReason])
	case incident.KindSnoozed:
		return fmt.Sprintf("😴 reminders snoozed until %s by %s", d[incident.DetailUntil], who)
	case incident.KindDeliveryFailed:
		// A page has no platform: its error names the service and team.
		return fmt.Sprintf("❗ %s failed%s: %s", d[incident.DetailEffect], prefixed(" on ", d[incident.DetailPlatform]), d[incident.DetailError])
	}
	return fmt.Sprintf("%s by %s", e.Kind, who)
}

// describeRoom says what happened to a room: a channel or thread created,
// rooms closing, or how one room's closing went.
func describeRoom(k incident.Kind, d map[string]string) string {
	switch {
	case k == incident.KindRoomClosed && d[incident.DetailOutcome] != "":
		return fmt.Sprintf("📦 %s room %s: %s", d[incident.DetailPlatform], d[incident.DetailChannel], d[incident.DetailOutcome])
	case k == incident.KindRoomClosed:
		return "📦 rooms closing on " + strings.ReplaceAll(d[incident.DetailPlatforms], ",", ", ")
	}
	if base, team, ok := strings.Cut(d[incident.DetailPlatform], "#thread:"); ok {
		return fmt.Sprintf("🧵 %s's thread started on %s", team, base)
	}
	return fmt.Sprintf("🏠 room #%s created on %s", d[incident.DetailName], d[incident.DetailPlatform])
}

// prefixed is prefix+s, or "" when s is empty.
func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

func paged(d map[string]string) string {
	if d[incident.DetailPerson] == "" {
		return d[incident.DetailTeam]
	}
	return d[incident.DetailPerson] + " of " + d[incident.DetailTeam]
}

// onCallSource says where the on-call person came from when it is news:
// PagerDuty, or a fallback and why. The built-in rotation's own answers
// (handlers.RotationOnCall) go unsaid.
func onCallSource(d map[string]string) string {
	switch src := d[incident.DetailOnCallSource]; src {
	case "", "rotation", "first member (no rotation)", "nobody configured":
		return ""
	default:
		return " · on call per " + src
	}
}

func sideLabel(side string) string {
	if side == "" {
		return "managers"
	}
	return incident.Side(side).Label()
}

// Duration renders a duration for people: "4m", "1h12m", "35s".
func Duration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return d.Round(time.Second).String()
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	}
	return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
}

// StatusLines is the incident card as plain lines, for the console and for
// `/incident status`.
func StatusLines(inc incident.Incident, now time.Time) []string {
	lines := []string{
		fmt.Sprintf("%s · %s · %s", inc.ID, strings.ToUpper(inc.Severity.String()), inc.Title),
		fmt.Sprintf("Status: %s · Service: %s · Open for %s", strings.ToUpper(string(inc.Status)), cmp.Or(inc.Service, "-"), Duration(openFor(inc, now))),
	}
	if h := inc.Holder(); h != nil {
		lines = append(lines, "Held by: "+h.String())
	}
	if tta, ok := inc.TimeToAck(); ok {
		lines = append(lines, "Time to ack: "+Duration(tta))
	}
	if c := inc.Counts(); c.Total() > 0 {
		lines = append(lines, "Alerts: "+c.Text())
	}
	for _, l := range inc.Links {
		lines = append(lines, fmt.Sprintf("Link: %s %s", cmp.Or(l.Text, "link"), l.Href))
	}
	return lines
}

func openFor(inc incident.Incident, now time.Time) time.Duration {
	if !inc.ResolvedAt.IsZero() {
		return inc.ResolvedAt.Sub(inc.OpenedAt)
	}
	return now.Sub(inc.OpenedAt)
}

// ListLine is one incident in `/incident list`.
func ListLine(inc incident.Incident, now time.Time) string {
	held := ""
	if h := inc.Holder(); h != nil {
		held = " · " + h.String()
	}
	return fmt.Sprintf("%s [%s] %s · %s · %s%s", inc.ID, inc.Severity, inc.Title, inc.Status, Duration(openFor(inc, now)), held)
}

// OneLine keeps an entry on one line (a note may hold line breaks), so
// pages never cut an entry in two and a table cell stays one row.
func OneLine(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r", ""), "\n", " ↵ ")
}
