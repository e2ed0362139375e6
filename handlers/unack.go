package handlers

import (
	"context"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// Unack returns an acknowledged incident to open; its ladder goes on from
// the step it had reached, at once (PagerDuty's unacknowledge, or a person
// handing it back).
func (s *Service) Unack(ctx context.Context, id string, by incident.Actor) (incident.Incident, error) {
	return s.update(ctx, id, "", func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		return inc.Unack(by, now)
	})
}
