package alertmanager

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/tandemhq/tandem/incident"
)

// title picks the incident title as described at Group. alerts is never
// empty: Group rejects an empty delivery.
func (p Payload) title(alerts []incident.Alert) string {
	if s := strings.TrimSpace(p.CommonAnnotations["summary"]); s != "" {
		return s
	}
	firing := firstFiring(alerts)
	t := cmp.Or(
		strings.TrimSpace(firing.Annotations["summary"]),
		strings.TrimSpace(firing.Annotations["description"]),
		strings.TrimSpace(p.CommonLabels["alertname"]),
		strings.TrimSpace(firing.Name),
		strings.TrimSpace(alerts[0].Name),
	)
	if t == "" {
		return strings.TrimSpace("Alert group " + p.Receiver)
	}
	if n := distinctNames(alerts); n > 1 {
		t = fmt.Sprintf("%s and %d more", t, n-1)
	}
	return t
}

// firstFiring returns the first firing alert, or the zero Alert when none
// fires.
func firstFiring(alerts []incident.Alert) incident.Alert {
	for _, a := range alerts {
		if a.Status == incident.AlertFiring {
			return a
		}
	}
	return incident.Alert{}
}

func distinctNames(alerts []incident.Alert) int {
	seen := map[string]bool{}
	for _, a := range alerts {
		if a.Name != "" {
			seen[a.Name] = true
		}
	}
	return len(seen)
}
