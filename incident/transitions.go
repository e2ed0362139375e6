package incident

import (
	"strings"
	"time"
)

// Spec is what opening an incident needs.
type Spec struct {
	Title    string
	Severity Severity
	Service  string
	Source   string
	DedupKey string
	Links    []Link
}

// MaxTitle is the longest title kept, in characters (runes); longer ones are
// cut with an ellipsis as the last of them.
const MaxTitle = 250

// Open creates incident id from spec. It fails with EInvalid when the title
// is empty or the severity is not sev1..sev4.
func Open(id string, spec Spec, by Actor, now time.Time) (Incident, []Event, error) {
	title := cleanText(spec.Title)
	if title == "" {
		return Incident{}, nil, Errorf(EInvalid, "an incident needs a title")
	}
	if !spec.Severity.Valid() {
		return Incident{}, nil, Errorf(EInvalid, "severity must be sev1..sev4")
	}
	if r := []rune(title); len(r) > MaxTitle {
		title = string(r[:MaxTitle-1]) + "…"
	}
	inc := Incident{
		ID: id, Title: title, Status: StatusOpen, Severity: spec.Severity,
		Service: spec.Service, OpenedAt: now.UTC(), OpenedBy: by,
		Source: spec.Source, DedupKey: spec.DedupKey, Links: spec.Links,
	}
	ev := NewEvent(now, KindOpened, by, DetailTitle, title, DetailSeverity, spec.Severity.String(),
		DetailService, spec.Service, DetailSource, spec.Source)
	return inc, []Event{ev}, nil
}

// Ack acknowledges the incident. Acknowledging an acked incident is a no-op
// success (no events); a resolved incident cannot be acknowledged.
func (inc Incident) Ack(by Actor, now time.Time) (Incident, []Event, error) {
	switch inc.Status {
	case StatusAcked:
		return inc, nil, nil
	case StatusResolved:
		return inc, nil, Errorf(EConflict, "%s is already resolved; nothing to acknowledge", inc.ID)
	}
	out := inc.clone()
	out.Status = StatusAcked
	if out.AckedAt.IsZero() {
		out.AckedAt = now.UTC() // time to ack counts the first acknowledgement
	}
	out.AckedBy = &by
	return out, []Event{NewEvent(now, KindAcked, by)}, nil
}

// Unack returns an acked incident to open, so the ladder starts again.
func (inc Incident) Unack(by Actor, now time.Time) (Incident, []Event, error) {
	switch inc.Status {
	case StatusOpen:
		return inc, nil, nil
	case StatusResolved:
		return inc, nil, Errorf(EConflict, "%s is resolved; reopen it instead", inc.ID)
	}
	out := inc.clone()
	out.Status = StatusOpen
	out.AckedBy = nil
	return out, []Event{NewEvent(now, KindUnacked, by)}, nil
}

// Resolve closes the incident. Resolving a resolved incident is a no-op.
func (inc Incident) Resolve(by Actor, note string, now time.Time) (Incident, []Event, error) {
	if inc.Status == StatusResolved {
		return inc, nil, nil
	}
	out := inc.clone()
	out.Status = StatusResolved
	out.ResolvedAt = now.UTC()
	return out, []Event{NewEvent(now, KindResolved, by, DetailNote, cleanText(note))}, nil
}

// Reopen opens a resolved incident again; its ladder starts from the top and
// its clocks restart. Reopening an incident that is not resolved is a no-op.
func (inc Incident) Reopen(by Actor, reason string, now time.Time) (Incident, []Event, error) {
	if inc.Status != StatusResolved {
		return inc, nil, nil
	}
	out := inc.clone()
	out.Status = StatusOpen
	out.OpenedAt = now.UTC()
	out.AckedAt, out.ResolvedAt = time.Time{}, time.Time{}
	out.StartedAt, out.PagedAt = time.Time{}, nil // a new cycle detects and pages anew
	out.AckedBy = nil
	out.Step = 0
	return out, []Event{NewEvent(now, KindReopened, by, DetailReason, reason)}, nil
}

// Note adds a free-text note to the timeline.
func (inc Incident) Note(by Actor, text string, now time.Time) (Incident, []Event, error) {
	text = cleanText(text)
	if text == "" {
		return inc, nil, Errorf(EInvalid, "a note needs text")
	}
	return inc, []Event{NewEvent(now, KindNote, by, DetailText, text)}, nil
}

// SetSeverity changes the severity; setting the current one is a no-op.
func (inc Incident) SetSeverity(by Actor, sev Severity, now time.Time) (Incident, []Event, error) {
	if !sev.Valid() {
		return inc, nil, Errorf(EInvalid, "severity must be sev1..sev4")
	}
	if sev == inc.Severity {
		return inc, nil, nil
	}
	if inc.Status == StatusResolved {
		return inc, nil, Errorf(EConflict, "%s is resolved; its severity is final", inc.ID)
	}
	out := inc.clone()
	out.Severity = sev
	return out, []Event{NewEvent(now, KindSeverityChanged, by, DetailFrom, inc.Severity.String(), DetailTo, sev.String())}, nil
}

// Assign hands the incident to a person; assigning the current holder is a no-op.
func (inc Incident) Assign(by, to Actor, now time.Time) (Incident, []Event, error) {
	if to.Name == "" {
		return inc, nil, Errorf(EInvalid, "assign needs a person")
	}
	if inc.Status == StatusResolved {
		return inc, nil, Errorf(EConflict, "%s is resolved; nothing to assign", inc.ID)
	}
	if inc.Assignee != nil && *inc.Assignee == to {
		return inc, nil, nil
	}
	out := inc.clone()
	out.Assignee = &to
	return out, []Event{NewEvent(now, KindAssigned, by, DetailTo, to.Name, DetailToSide, string(to.Side), DetailToUser, to.User)}, nil
}

// ApplyAlerts records what a delivery says about the incident's alerts.
// prev holds the stored state of the delivery's fingerprints (absent: never
// seen). A fingerprint firing for the first time (or again) adds
// alert.firing, one that resolved adds alert.resolved, and an unchanged
// alert adds nothing, so a repeated delivery leaves no trace. It returns the
// alert states to store. When autoResolve is set and no alert fires any
// more, the incident resolves with the monitoring actor.
func (inc Incident) ApplyAlerts(prev map[string]AlertState, alerts []Alert, autoResolve bool, now time.Time) (Incident, []Event, map[string]AlertState) {
	out := inc.clone()
	changed := map[string]AlertState{}
	var events []Event
	for _, a := range alerts {
		before, seen := prev[a.Fingerprint]
		if cur, ok := changed[a.Fingerprint]; ok {
			before, seen = cur, true // the same fingerprint twice in one delivery
		}
		if seen && before.Status == a.Status {
			continue
		}
		if !seen && a.Status == AlertResolved && out.Status == StatusResolved {
			continue // a late resolve for an alert we never saw firing
		}
		changed[a.Fingerprint] = AlertState{Status: a.Status, Summary: a.Summary}
		out.Alerts = out.Alerts.move(before.Status, seen, a.Status)
		kind := KindAlertFiring
		if a.Status == AlertResolved {
			kind = KindAlertResolved
		}
		events = append(events, NewEvent(now, kind, Monitoring, DetailFingerprint, a.Fingerprint, DetailAlert, a.Name, DetailSummary, a.Summary))
	}
	if len(events) == 0 {
		return inc, nil, nil
	}
	if autoResolve && out.Status != StatusResolved && out.Alerts.Firing == 0 {
		var resolved []Event
		out, resolved, _ = out.Resolve(Monitoring, "every alert resolved", now)
		events = append(events, resolved...)
	}
	return out, events, changed
}

// move counts one alert going from status from (if seen) to to.
func (c AlertCounts) move(from AlertStatus, seen bool, to AlertStatus) AlertCounts {
	if seen {
		if from == AlertResolved {
			c.Resolved--
		} else {
			c.Firing--
		}
	}
	if to == AlertResolved {
		c.Resolved++
	} else {
		c.Firing++
	}
	return c
}

// cleanText trims and drops control characters other than newline and tab,
// which chat platforms and terminals would otherwise interpret: C0, DEL and
// C1, and the bidirectional controls that make text read otherwise than it
// is stored (U+202E turns "exe.txt" around; "Trojan Source").
func cleanText(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f || bidiControl(r) {
			return -1
		}
		return r
	}, s))
}

// bidiControl reports the invisible marks, embeddings, overrides and
// isolates of the Unicode bidirectional algorithm.
func bidiControl(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// WithRoom records that the incident's room on platform exists. Recording
// the same room again is a no-op.
func (inc Incident) WithRoom(platform, channel, name string, now time.Time) (Incident, []Event) {
	if inc.Room[platform] == channel {
		return inc, nil
	}
	out := inc.clone()
	if out.Room == nil {
		out.Room = map[string]string{}
	}
	out.Room[platform] = channel
	if out.RoomName == "" {
		out.RoomName = name
	}
	return out, []Event{NewEvent(now, KindRoomCreated, Tandem, DetailPlatform, platform, DetailChannel, channel, DetailName, name)}
}
