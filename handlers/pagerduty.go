package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// Kinds of PagerDuty events Tandem acts on (from v3 webhooks).
const (
	PDAcknowledged   = "acknowledged"
	PDUnacknowledged = "unacknowledged"
	PDResolved       = "resolved"
	PDEscalated      = "escalated"
	PDReassigned     = "reassigned"
)

// PDStaleAfter: an event that occurred this long before the incident's
// last change of the same kind is a late delivery (PagerDuty retries for up
// to 48 hours) and is not applied: an ack from the morning must not undo
// the afternoon's unack.
const PDStaleAfter = 10 * time.Minute

// PDUser is who acted in PagerDuty.
type PDUser struct {
	ID   string // PagerDuty user ID; "" when PagerDuty itself acted
	Name string // PagerDuty's name for the user
	// Member is the configured member this PagerDuty user is (matched by
	// member.pagerduty or e-mail); "" when none.
	Member string
}

// PDEvent is something done in PagerDuty to a page Tandem sent.
type PDEvent struct {
	// ID is PagerDuty's event ID: applying the same event again changes nothing.
	ID string
	// Incident and Team come from the page's dedup key "<INC-n>/<team>":
	// the team is the one whose routing key was paged.
	Incident   string
	Team       string
	Kind       string // PDAcknowledged, PDUnacknowledged, PDResolved, PDEscalated, PDReassigned
	User       PDUser
	OccurredAt time.Time // zero when PagerDuty did not say
	To         []string  // escalated, reassigned: who holds it in PagerDuty now
	URL        string    // the PagerDuty incident
}

// detailPDEvent marks the timeline entries a PagerDuty event wrote.
const detailPDEvent = "pagerduty_event"

// PagerDutyEvent applies ev to its incident, as the member the PagerDuty
// user is (with the member's own side and, for the MSP, its scope), or as
// "PagerDuty (<team>)" on the paged team's side. It acts only where Tandem
// paged ev.Team for the incident: the dedup key alone proves nothing. An
// ack or resolve goes through the same transitions as chat (so Tandem's
// own ack coming back from PagerDuty is a no-op, and the other teams' pages
// are acknowledged or resolved too); an escalation or reassignment inside
// PagerDuty is recorded on the timeline and pages nobody. It returns why
// the event was not applied ("" when it was): already applied, a team
// Tandem did not page, stale, or out of the member's scope. An unknown
// incident is ENotFound.
func (s *Service) PagerDutyEvent(ctx context.Context, ev PDEvent) (string, error) {
	by, member := s.pdActor(ev)
	var why string
	_, err := s.update(ctx, ev.Incident, "", func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		timeline, err := s.store.Timeline(ctx, inc.ID)
		if err != nil {
			return inc, nil, err
		}
		// Inside the optimistic update: a concurrent delivery that commits
		// first makes this one's commit stale, and the retry sees it here.
		if why = pdIgnored(inc, timeline, ev); why == "" {
			if err := s.opt.Directory.Authorize(member, inc); err != nil {
				why = incident.ErrorMessage(err)
			}
		}
		if why != "" {
			return inc, nil, nil
		}
		out, events, err := pdTransition(inc, ev, by, now)
		for i := range events {
			events[i] = tagPD(events[i], ev)
		}
		return out, events, err
	})
	if incident.ErrorCode(err) == incident.EConflict {
		// e.g. acknowledged in PagerDuty after it was resolved here.
		return "changes nothing: " + incident.ErrorMessage(err), nil
	}
	return why, err
}

// pdActor is the member the PagerDuty user is, or else PagerDuty on behalf
// of the paged team, on that team's side; with the member whose rights
// apply (the team's, for PagerDuty itself).
func (s *Service) pdActor(ev PDEvent) (incident.Actor, *Member) {
	if m, ok := s.opt.Directory.Member(ev.User.Member); ok && ev.User.Member != "" {
		return incident.Actor{Name: m.Name, Side: m.Side, Platform: "pagerduty", User: ev.User.ID}, m
	}
	a := incident.Actor{Name: "PagerDuty (" + ev.Team + ")", Platform: "pagerduty", User: ev.User.ID}
	if t, ok := s.opt.Directory.Team(ev.Team); ok {
		a.Side = t.Side
	}
	return a, &Member{Name: a.Name, Side: a.Side, Team: ev.Team}
}

// pdFamily lists, for each kind of event, the timeline kinds that are
// "the incident's last change of that kind".
var pdFamily = map[string][]incident.Kind{
	PDAcknowledged:   {incident.KindAcked, incident.KindUnacked, incident.KindReopened},
	PDUnacknowledged: {incident.KindAcked, incident.KindUnacked, incident.KindReopened},
	PDResolved:       {incident.KindResolved, incident.KindReopened},
	PDEscalated:      {incident.KindEscalated},
	PDReassigned:     {incident.KindAssigned},
}

// pdIgnored says why ev is not to be applied to inc ("" when it is): it
// was applied already, Tandem never paged ev.Team for inc, or it occurred
// PDStaleAfter or more before the incident's last change of its kind.
func pdIgnored(inc incident.Incident, timeline []incident.Event, ev PDEvent) string {
	if !slices.Contains(inc.Paged, ev.Team) {
		return fmt.Sprintf("Tandem did not page %s for %s", ev.Team, inc.ID)
	}
	var last time.Time
	for _, e := range timeline {
		if ev.ID != "" && e.Details[detailPDEvent] == ev.ID {
			return "already applied"
		}
		if slices.Contains(pdFamily[ev.Kind], e.Kind) {
			last = e.At
		}
	}
	if !ev.OccurredAt.IsZero() && !last.IsZero() && ev.OccurredAt.Before(last.Add(-PDStaleAfter)) {
		return fmt.Sprintf("stale: it occurred at %s, more than %s before %s's last change of that kind (%s)",
			ev.OccurredAt.UTC().Format(time.RFC3339), PDStaleAfter, inc.ID, last.UTC().Format(time.RFC3339))
	}
	return ""
}

func pdTransition(inc incident.Incident, ev PDEvent, by incident.Actor, now time.Time) (incident.Incident, []incident.Event, error) {
	switch ev.Kind {
	case PDAcknowledged:
		return inc.Ack(by, now)
	case PDUnacknowledged:
		return inc.Unack(by, now)
	case PDResolved:
		return inc.Resolve(by, "resolved in PagerDuty", now)
	case PDEscalated, PDReassigned:
		if inc.Status == incident.StatusResolved {
			return inc, nil, nil
		}
		kind := incident.KindEscalated
		if ev.Kind == PDReassigned {
			kind = incident.KindAssigned
		}
		to := strings.Join(ev.To, ", ")
		if to == "" {
			to = "the next responder"
		}
		return inc, []incident.Event{incident.NewEvent(now, kind, by, "to", to+" in PagerDuty", "team", ev.Team)}, nil
	}
	return inc, nil, incident.Errorf(incident.EInvalid, "unknown PagerDuty event kind %q", ev.Kind)
}

// tagPD marks e as written by PagerDuty event ev, with a link to it.
func tagPD(e incident.Event, ev PDEvent) incident.Event {
	d := make(map[string]string, len(e.Details)+3)
	for k, v := range e.Details {
		d[k] = v
	}
	if ev.ID != "" {
		d[detailPDEvent] = ev.ID
	}
	if ev.URL != "" {
		d["pagerduty_incident"] = ev.URL
	}
	if ev.User.Member == "" && ev.User.Name != "" {
		d["pagerduty_user"] = ev.User.Name // who it was, when not a member
	}
	e.Details = d
	return e
}
