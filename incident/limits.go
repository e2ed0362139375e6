package incident

import (
	"fmt"
	"time"
)

// Total is every alert the incident has counted, stored or not.
func (c AlertCounts) Total() int { return c.Firing + c.Resolved + c.NotStored }

// Text is the card's alert line: "3 firing, 1 resolved", and past the
// source's max_alerts "…, +N alerts not stored".
func (c AlertCounts) Text() string {
	s := fmt.Sprintf("%d firing, %d resolved", c.Firing, c.Resolved)
	if c.NotStored > 0 {
		s += fmt.Sprintf(", +%d alerts not stored", c.NotStored)
	}
	return s
}

// OverflowField is the alert-state field under which one alert group
// records how many of its alerts its latest delivery had past max_alerts.
// Keeping one number per group (not one per dropped alert) is what bounds
// the store, and replacing it on every delivery is what keeps a source that
// re-sends the same alerts (Alertmanager, every group_interval) from being
// counted twice.
func OverflowField(groupKey string) string { return "~overflow:" + groupKey }

// Overflow is what a group's latest delivery had past max_alerts: how many
// distinct alerts were not stored, and how many of those fire.
type Overflow struct{ NotStored, Firing int }

// CapAlerts splits a delivery's alerts at the incident's limit of max
// stored alerts (max <= 0: no limit). Alerts the incident already stores
// (in prev) are always kept; a new fingerprint is kept while there is room.
// The overflow counts the distinct new fingerprints that did not fit, and
// those of them whose last word in the delivery is firing.
func (inc Incident) CapAlerts(prev map[string]AlertState, alerts []Alert, max int) (kept []Alert, over Overflow) {
	if max <= 0 {
		return alerts, Overflow{}
	}
	room := max - inc.Alerts.Firing - inc.Alerts.Resolved
	admitted := map[string]bool{}
	refused := map[string]AlertStatus{}
	kept = make([]Alert, 0, len(alerts))
	for _, a := range alerts {
		_, stored := prev[a.Fingerprint]
		_, isRefused := refused[a.Fingerprint]
		switch {
		case stored || admitted[a.Fingerprint]:
			kept = append(kept, a)
		case isRefused || len(admitted) >= room:
			refused[a.Fingerprint] = a.Status
		default:
			admitted[a.Fingerprint] = true
			kept = append(kept, a)
		}
	}
	over.NotStored = len(refused)
	for _, st := range refused {
		if st == AlertFiring {
			over.Firing++
		}
	}
	return kept, over
}

// CountNotStored records the group's latest overflow, where before is the
// group's overflow record from the previous delivery. It returns the
// incident with NotStored moved by the difference, and the new record (ok
// false when nothing changed).
func (inc Incident) CountNotStored(before AlertState, o Overflow) (Incident, AlertState, bool) {
	if before.NotStored == o.NotStored && before.NotStoredFiring == o.Firing {
		return inc, before, false
	}
	out := inc.clone()
	out.Alerts.NotStored += o.NotStored - before.NotStored
	return out, AlertState{Status: AlertFiring, NotStored: o.NotStored, NotStoredFiring: o.Firing}, true
}

// ResolveAfterOverflow resolves an incident (auto_resolve) whose stored
// alerts had all resolved while alerts past max_alerts still fired, once
// a delivery says none of those fires any more (before: the group's
// previous overflow record). ok is false when nothing changes.
func (inc Incident) ResolveAfterOverflow(before AlertState, o Overflow, now time.Time) (Incident, []Event, bool) {
	if before.NotStoredFiring == 0 || o.Firing > 0 || inc.Status == StatusResolved || inc.Alerts.Firing > 0 {
		return inc, nil, false
	}
	out, events, err := inc.Resolve(Monitoring, "every alert resolved, including those past max_alerts", now)
	return out, events, err == nil
}
