package incident

import "time"

// SideManagers is the PagedAt key of a page to the managers, who belong to
// neither side.
const SideManagers = "managers"

// TimeToDetect is the time from the condition's start by the monitoring
// source's clock (StartedAt) to the incident's opening.
func (inc Incident) TimeToDetect() (time.Duration, bool) {
	if inc.StartedAt.IsZero() {
		return 0, false
	}
	return inc.OpenedAt.Sub(inc.StartedAt), true
}

// TimeToFirstPage is the time from opening to the first page of any side.
func (inc Incident) TimeToFirstPage() (time.Duration, bool) {
	var first time.Time
	for _, at := range inc.PagedAt {
		if first.IsZero() || at.Before(first) {
			first = at
		}
	}
	if first.IsZero() {
		return 0, false
	}
	return first.Sub(inc.OpenedAt), true
}

// Detected sets StartedAt from the alerts that (re)open the incident: the
// earliest start among the firing ones, never later than the opening (a
// source whose clock runs ahead detects in no time, not in less). An
// incident that already has a start keeps it.
func (inc Incident) Detected(alerts []Alert) Incident {
	if !inc.StartedAt.IsZero() {
		return inc
	}
	var start time.Time
	for _, a := range alerts {
		if a.Status == AlertFiring && !a.StartsAt.IsZero() && (start.IsZero() || a.StartsAt.Before(start)) {
			start = a.StartsAt
		}
	}
	if start.IsZero() {
		return inc
	}
	if start.After(inc.OpenedAt) {
		start = inc.OpenedAt
	}
	inc.StartedAt = start.UTC()
	return inc
}

// MarkPaged records a page to side at now when it is the side's first
// since the incident (re)opened, and reports whether it was.
func (inc Incident) MarkPaged(side string, now time.Time) (Incident, bool) {
	if side == "" {
		side = SideManagers
	}
	if _, ok := inc.PagedAt[side]; ok {
		return inc, false
	}
	out := inc.clone()
	if out.PagedAt == nil {
		out.PagedAt = map[string]time.Time{}
	}
	out.PagedAt[side] = now.UTC()
	return out, true
}
