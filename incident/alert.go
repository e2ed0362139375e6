package incident

import "time"

// AlertStatus is whether an alert fires or resolved.
type AlertStatus string

// Alert statuses, as monitoring sources report them.
const (
	AlertFiring   AlertStatus = "firing"
	AlertResolved AlertStatus = "resolved"
)

// Alert is one signal from a monitoring source, in a source-neutral shape.
type Alert struct {
	Fingerprint string            `json:"fingerprint"`
	Status      AlertStatus       `json:"status"`
	Name        string            `json:"name,omitempty"`
	Summary     string            `json:"summary,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
	StartsAt    time.Time         `json:"starts_at,omitzero"`
	EndsAt      time.Time         `json:"ends_at,omitzero"`
	Links       []Link            `json:"links,omitempty"`
}

// AlertGroup is what one webhook delivery says about one group of alerts:
// an Alertmanager or Grafana group, or a generic event. One group maps to
// one incident at a time.
type AlertGroup struct {
	Source   string   // alertmanager, grafana, generic
	Key      string   // groupKey, or the generic event's dedup_key
	Title    string   // incident title when the group opens one
	Service  string   // "" when no label named it
	Severity Severity // 0 when no label named it: the service default applies
	Alerts   []Alert
	Links    []Link
	// HeldBy names the maintenance window that held the group back, and
	// HeldSince when it first fired in it: set when the window's end opens
	// the incident, so the incident says so.
	HeldBy    string
	HeldSince time.Time
}

// Firing reports whether any alert of the group fires.
func (g AlertGroup) Firing() bool {
	for _, a := range g.Alerts {
		if a.Status == AlertFiring {
			return true
		}
	}
	return false
}

// AlertState is what an incident remembers of one alert.
type AlertState struct {
	Status  AlertStatus `json:"status"`
	Summary string      `json:"summary,omitempty"`
	// NotStored is set only on a group's overflow record (limits.go): how
	// many of the group's alerts its latest delivery had past max_alerts.
	NotStored int `json:"not_stored,omitempty"`
	// NotStoredFiring is how many of those fired: while any does, the
	// incident does not auto-resolve, whatever its stored alerts say.
	NotStoredFiring int `json:"not_stored_firing,omitempty"`
}
