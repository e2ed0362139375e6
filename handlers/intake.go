package handlers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// Intake stores what one webhook delivery says about one alert group and
// returns the incident it maps to ("" when the delivery only resolves alerts
// of a group with no incident). It returns only after everything is
// committed, so a 2xx answer means the alerts are stored.
//
// The group's dedup key maps to one incident at a time: new firing alerts
// join it, resolved ones are marked, and when all have resolved it
// auto-resolves (per source). A group firing again within reopen_within
// reopens its incident; later, it opens a new one. A repeated delivery
// changes nothing.
func (s *Service) Intake(ctx context.Context, g incident.AlertGroup) (string, error) {
	if g.Key == "" {
		return "", incident.Errorf(incident.EInvalid, "alert group has no key")
	}
	rule := s.sourceRule(g.Source)
	key := g.Source + ":" + g.Key
	replace := ""
	for range maxAttempts {
		id, _, err := s.store.ClaimDedup(ctx, key, replace)
		if err != nil {
			return "", err
		}
		inc, err := s.store.Get(ctx, id)
		if incident.ErrorCode(err) == incident.ENotFound {
			if !g.Firing() {
				return "", nil // nothing fires: no incident to open
			}
			_, err = s.openFromAlerts(ctx, id, g, rule)
			if errors.Is(err, incident.ErrStale) {
				continue // another delivery created it first: join it
			}
			return id, err
		}
		if err != nil {
			return "", err
		}
		if inc.Status == incident.StatusResolved && g.Firing() && s.opt.Now().Sub(inc.ResolvedAt) > rule.ReopenWithin {
			replace = id // too old to reopen: the group starts a new incident
			continue
		}
		_, err = s.update(ctx, id, "", func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			return s.applyAlerts(inc, g, rule, now)
		})
		return id, err
	}
	return "", fmt.Errorf("intake %s: %w", key, incident.ErrStale)
}

func (s *Service) sourceRule(source string) SourceRule {
	if r, ok := s.opt.Sources[source]; ok {
		return r
	}
	return SourceRule{AutoResolve: true, ReopenWithin: 30 * time.Minute}
}

func (s *Service) openFromAlerts(ctx context.Context, id string, g incident.AlertGroup, rule SourceRule) (incident.Incident, error) {
	now := s.opt.Now()
	service, srule := s.serviceRule(g.Service)
	sev := g.Severity
	if !sev.Valid() {
		sev = srule.Severity
	}
	if !sev.Valid() {
		sev = incident.Sev3
	}
	inc, events, err := incident.Open(id, incident.Spec{
		Title: g.Title, Severity: sev, Service: service, Source: g.Source, DedupKey: g.Source + ":" + g.Key, Links: g.Links,
	}, incident.Monitoring, now)
	if err != nil {
		return inc, err
	}
	inc, alertEvents := inc.ApplyAlerts(g.Alerts, rule.AutoResolve, now)
	return s.create(ctx, inc, append(events, alertEvents...))
}

// applyAlerts updates an existing incident; a resolved one that fires again
// within reopen_within reopens first.
func (s *Service) applyAlerts(inc incident.Incident, g incident.AlertGroup, rule SourceRule, now time.Time) (incident.Incident, []incident.Event, error) {
	var events []incident.Event
	if inc.Status == incident.StatusResolved && g.Firing() && hasNewFiring(inc, g) {
		var err error
		inc, events, err = inc.Reopen(incident.Monitoring, "alerts fire again", now)
		if err != nil {
			return inc, nil, err
		}
	}
	out, alertEvents := inc.ApplyAlerts(g.Alerts, rule.AutoResolve, now)
	if len(alertEvents) == 0 {
		return out, nil, nil
	}
	return out, append(events, alertEvents...), nil
}

// hasNewFiring reports whether the group says something fires that the
// incident does not already know as firing (a duplicate delivery of an old
// firing payload must not reopen).
func hasNewFiring(inc incident.Incident, g incident.AlertGroup) bool {
	for _, a := range g.Alerts {
		if a.Status == incident.AlertFiring && inc.Alerts[a.Fingerprint].Status != incident.AlertFiring {
			return true
		}
	}
	return false
}
