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
			_, err = s.openFromAlerts(ctx, id, g, rule, replace == "")
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
		_, err = s.updateWith(ctx, id, "", func(ctx context.Context, inc incident.Incident, now time.Time) (outcome, error) {
			prev, err := s.store.AlertStates(ctx, id, fingerprints(g))
			if err != nil {
				return outcome{}, err
			}
			return s.applyAlerts(inc, prev, g, rule, now)
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

// fresh says the group's dedup key was new (not replacing an incident too
// old to reopen): retention may have trimmed the group's last incident.
func (s *Service) openFromAlerts(ctx context.Context, id string, g incident.AlertGroup, rule SourceRule, fresh bool) (incident.Incident, error) {
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
	if fresh {
		events = s.noteArchived(events, inc.DedupKey, now)
	}
	inc, alertEvents, states := inc.ApplyAlerts(nil, g.Alerts, rule.AutoResolve, now)
	return s.create(ctx, inc, append(events, alertEvents...), states)
}

func fingerprints(g incident.AlertGroup) []string {
	out := make([]string, len(g.Alerts))
	for i, a := range g.Alerts {
		out[i] = a.Fingerprint
	}
	return out
}

// applyAlerts updates an existing incident; a resolved one that fires again
// within reopen_within reopens first.
func (s *Service) applyAlerts(inc incident.Incident, prev map[string]incident.AlertState, g incident.AlertGroup, rule SourceRule, now time.Time) (outcome, error) {
	var events []incident.Event
	if inc.Status == incident.StatusResolved && g.Firing() && hasNewFiring(prev, g) {
		var err error
		inc, events, err = inc.Reopen(incident.Monitoring, "alerts fire again", now)
		if err != nil {
			return outcome{}, err
		}
	}
	out, alertEvents, states := inc.ApplyAlerts(prev, g.Alerts, rule.AutoResolve, now)
	if len(alertEvents) == 0 {
		return outcome{inc: out}, nil
	}
	return outcome{inc: out, events: append(events, alertEvents...), alerts: states}, nil
}

// hasNewFiring reports whether the group says something fires that the
// incident does not already know as firing (a duplicate delivery of an old
// firing payload must not reopen).
func hasNewFiring(prev map[string]incident.AlertState, g incident.AlertGroup) bool {
	for _, a := range g.Alerts {
		if a.Status == incident.AlertFiring && prev[a.Fingerprint].Status != incident.AlertFiring {
			return true
		}
	}
	return false
}
