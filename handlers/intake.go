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
	g = limitKeys(g)
	if held, err := s.holdForMaintenance(ctx, g); held || err != nil {
		return "", err // held back by a maintenance window: no incident
	}
	rule := s.sourceRule(g.Source)
	key := g.Source + ":" + g.Key
	replace := ""
	joined := false // this delivery diverted its new group into a storm incident
	for range maxAttempts {
		c, err := s.claimGroup(ctx, g, key, replace, rule)
		if err != nil {
			return "", err
		}
		id := c.ID
		// A retry after losing the storm incident's creation keeps the
		// diversion; a claim that left the storm forgets it.
		joined = c.Storm == incident.StormJoined || joined && c.Storm != incident.NoStorm
		inc, err := s.store.Get(ctx, id)
		if incident.ErrorCode(err) == incident.ENotFound {
			if !g.Firing() {
				return "", nil // nothing fires: no incident to open
			}
			err = s.open(ctx, id, key, g, rule, c.Storm != incident.NoStorm, joined, replace == "")
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
		return id, s.join(ctx, id, key, g, rule, joined)
	}
	return "", fmt.Errorf("intake %s: %w", key, incident.ErrStale)
}

// join applies a delivery to the group's existing incident.
func (s *Service) join(ctx context.Context, id, key string, g incident.AlertGroup, rule SourceRule, joined bool) error {
	var notStored int
	_, err := s.updateWith(ctx, id, "", func(ctx context.Context, inc incident.Incident, now time.Time) (outcome, error) {
		prev, err := s.store.AlertStates(ctx, id, append(fingerprints(g), incident.OverflowField(key)))
		if err != nil {
			return outcome{}, err
		}
		var o outcome
		o, notStored, err = s.applyAlerts(inc, prev, key, g, rule, joined, now)
		return o, err
	})
	if err == nil {
		s.limited(g, joined, notStored)
	}
	return err
}

func (s *Service) sourceRule(source string) SourceRule {
	if r, ok := s.opt.Sources[source]; ok {
		return r
	}
	return SourceRule{AutoResolve: true, ReopenWithin: 30 * time.Minute}
}

// open creates the group's incident: an ordinary one, or (storm) the
// source's storm incident, which the group joins when this delivery
// diverted it (joined). fresh says the group's dedup key was new (not
// replacing an incident too old to reopen): retention may have trimmed
// the group's last incident, and the new one says so.
func (s *Service) open(ctx context.Context, id, key string, g incident.AlertGroup, rule SourceRule, storm, joined, fresh bool) error {
	now := s.opt.Now()
	service, srule := s.serviceRule(g.Service)
	sev := g.Severity
	if !sev.Valid() {
		sev = srule.Severity
	}
	if !sev.Valid() {
		sev = incident.Sev3
	}
	spec := incident.Spec{Title: g.Title, Severity: sev, Service: service, Source: g.Source, DedupKey: key, Links: g.Links}
	if storm { // one group's title and links would speak for all of them
		spec.Title, spec.Links = "Alert storm from "+g.Source, nil
	}
	inc, events, err := incident.Open(id, spec, incident.Monitoring, now)
	if err != nil {
		return err
	}
	if fresh && !storm {
		events = s.noteArchived(events, inc.DedupKey, now)
	}
	if g.HeldBy != "" {
		events = append(events, s.heldNote(g, now))
	} else {
		// Held back by a window, the delay was planned: no time to detect.
		inc = inc.Detected(g.Alerts)
	}
	if storm {
		inc = inc.StartStorm(g.Source)
	}
	o, notStored, err := s.applyAlerts(inc, nil, key, g, rule, joined, now)
	if err != nil {
		return err
	}
	if _, err := s.create(ctx, o.inc, append(events, o.events...), o.alerts); err != nil {
		return err
	}
	s.limited(g, joined, notStored)
	return nil
}

func fingerprints(g incident.AlertGroup) []string {
	out := make([]string, len(g.Alerts))
	for i, a := range g.Alerts {
		out[i] = a.Fingerprint
	}
	return out
}

// applyAlerts applies a delivery to an incident: a resolved one that fires
// again within reopen_within reopens first; a group diverted into a storm
// incident joins it (joined); alerts past max_alerts are counted, not
// stored. It also returns how many more alerts than the group's last delivery
// were not stored (for the metric).
func (s *Service) applyAlerts(inc incident.Incident, prev map[string]incident.AlertState, key string, g incident.AlertGroup, rule SourceRule, joined bool, now time.Time) (outcome, int, error) {
	alerts, over := inc.CapAlerts(prev, g.Alerts, rule.MaxAlerts)
	field := incident.OverflowField(key)
	var events []incident.Event
	if fresh := newFiring(inc, prev, alerts); len(fresh) > 0 {
		var err error
		inc, events, err = inc.Reopen(incident.Monitoring, "alerts fire again", now)
		if err != nil {
			return outcome{}, 0, err
		}
		inc = inc.Detected(fresh)
	}
	before := inc
	if joined {
		inc = inc.JoinStorm(g.Title)
	}
	// Alerts past max_alerts that still fire hold the incident open: its
	// stored alerts are not all there is.
	out, alertEvents, states := inc.ApplyAlerts(prev, alerts, rule.AutoResolve && over.Firing == 0, now)
	events = append(events, alertEvents...)
	if rule.AutoResolve {
		var resolved []incident.Event
		out, resolved, _ = out.ResolveAfterOverflow(prev[field], over, now)
		events = append(events, resolved...)
	}
	out, rec, counted := out.CountNotStored(prev[field], over)
	if counted {
		if states == nil {
			states = map[string]incident.AlertState{}
		}
		states[field] = rec
	}
	out = out.RetitleStorm()
	changed := counted || joined || out.Title != before.Title || out.Status != before.Status
	return outcome{inc: out, events: events, alerts: states, changed: changed}, max(0, over.NotStored-prev[field].NotStored), nil
}

// newFiring is, for a resolved incident, the alerts of the group that fire
// and that the incident did not know as firing: those that reopen it (a
// duplicate delivery of an old firing payload must not reopen). None for an
// incident that is not resolved.
func newFiring(inc incident.Incident, prev map[string]incident.AlertState, alerts []incident.Alert) []incident.Alert {
	if inc.Status != incident.StatusResolved {
		return nil
	}
	var out []incident.Alert
	for _, a := range alerts {
		if a.Status == incident.AlertFiring && prev[a.Fingerprint].Status != incident.AlertFiring {
			out = append(out, a)
		}
	}
	return out
}
