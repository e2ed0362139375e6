package handlers

import (
	"context"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// RoomCreated records that incident id's room exists on platform.
func (s *Service) RoomCreated(ctx context.Context, id, platform, channel, name string) error {
	_, err := s.update(ctx, id, "", func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		out, events := inc.WithRoom(platform, channel, name, now)
		return out, events, nil
	})
	return err
}

// DeliveryFailed records on the timeline that an effect failed for good, so
// people see that a page or a post did not go out; the incident goes on.
func (s *Service) DeliveryFailed(ctx context.Context, e incident.Effect, reason string) error {
	if e.Incident == "" {
		return nil
	}
	_, err := s.update(ctx, e.Incident, "", func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		return inc, []incident.Event{incident.NewEvent(now, incident.KindDeliveryFailed, incident.Tandem,
			incident.DetailEffect, string(e.Kind), incident.DetailPlatform, e.Platform, incident.DetailTeam, e.Team, incident.DetailError, reason)}, nil
	})
	return err
}
