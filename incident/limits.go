package incident

import "fmt"

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

// CapAlerts splits a delivery's alerts at the incident's limit of max
// stored alerts (max <= 0: no limit). Alerts the incident already stores
// (in prev) are always kept; a new fingerprint is kept while there is room.
// dropped counts the distinct new fingerprints that did not fit.
func (inc Incident) CapAlerts(prev map[string]AlertState, alerts []Alert, max int) (kept []Alert, dropped int) {
	if max <= 0 {
		return alerts, 0
	}
	room := max - inc.Alerts.Firing - inc.Alerts.Resolved
	admitted := map[string]bool{}
	refused := map[string]bool{}
	kept = make([]Alert, 0, len(alerts))
	for _, a := range alerts {
		_, stored := prev[a.Fingerprint]
		switch {
		case stored || admitted[a.Fingerprint]:
			kept = append(kept, a)
		case refused[a.Fingerprint]:
		case len(admitted) < room:
			admitted[a.Fingerprint] = true
			kept = append(kept, a)
		default:
			refused[a.Fingerprint] = true
		}
	}
	return kept, len(refused)
}

// CountNotStored records that the group's latest delivery had n alerts
// past the limit, where before is the group's overflow record from the
// previous delivery. It returns the incident with NotStored moved by the
// difference, and the new record (ok false when nothing changed).
func (inc Incident) CountNotStored(before AlertState, n int) (Incident, AlertState, bool) {
	if before.NotStored == n {
		return inc, before, false
	}
	out := inc.clone()
	out.Alerts.NotStored += n - before.NotStored
	return out, AlertState{Status: AlertFiring, NotStored: n}, true
}
