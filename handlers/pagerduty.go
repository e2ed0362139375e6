package handlers

import (
	"context"
	"strings"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// Kinds of PagerDuty events Tandem acts on (from v3 webhooks).
const (
	PDAcknowledged = "acknowledged"
	PDResolved     = "resolved"
	PDEscalated    = "escalated"
	PDReassigned   = "reassigned"
)

// PDUser is who acted in PagerDuty.
type PDUser struct {
	ID   string // PagerDuty user ID; "" when PagerDuty itself acted
	Name string // the member's name when known, else PagerDuty's name for the user
}

// PDEvent is something done in PagerDuty to a page Tandem sent.
type PDEvent struct {
	// ID is PagerDuty's event ID: applying the same event again changes nothing.
	ID string
	// Incident and Team come from the page's dedup key "<INC-n>/<team>":
	// the team is the one whose routing key was paged, and gives the side.
	Incident string
	Team     string
	Kind     string // PDAcknowledged, PDResolved, PDEscalated, PDReassigned
	User     PDUser
	To       []string // escalated, reassigned: who holds it in PagerDuty now
	URL      string   // the PagerDuty incident
}

// detailPDEvent marks the timeline entries a PagerDuty event wrote.
const detailPDEvent = "pagerduty_event"

// PagerDutyEvent applies ev to its incident as the PagerDuty user. An ack
// or resolve goes through the same transitions as chat (so Tandem's own
// ack coming back from PagerDuty is a no-op, and the other teams' pages are
// acknowledged or resolved too); an escalation or reassignment inside
// PagerDuty is recorded on the timeline and pages nobody. The same event
// applied twice changes nothing twice. An unknown incident is ENotFound.
func (s *Service) PagerDutyEvent(ctx context.Context, ev PDEvent) error {
	by := s.pdActor(ev)
	_, err := s.update(ctx, ev.Incident, "", func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		if seen, err := s.pdSeen(ctx, inc.ID, ev.ID); err != nil || seen {
			return inc, nil, err
		}
		out, events, err := pdTransition(inc, ev, by, now)
		for i := range events {
			events[i] = tagPD(events[i], ev)
		}
		return out, events, err
	})
	if incident.ErrorCode(err) == incident.EConflict {
		// e.g. acknowledged in PagerDuty after it was resolved here.
		s.log.Info("PagerDuty event changes nothing", "incident", ev.Incident, "team", ev.Team, "kind", ev.Kind, "why", incident.ErrorMessage(err))
		return nil
	}
	return err
}

// pdActor is the PagerDuty user, on the side of the team that was paged;
// with no user named, PagerDuty itself (no side).
func (s *Service) pdActor(ev PDEvent) incident.Actor {
	if ev.User.ID == "" && ev.User.Name == "" {
		return incident.Actor{Name: "PagerDuty", Platform: "pagerduty"}
	}
	a := incident.Actor{Name: firstNonEmpty(ev.User.Name, ev.User.ID), Platform: "pagerduty", User: ev.User.ID}
	if t, ok := s.opt.Directory.Team(ev.Team); ok {
		a.Side = t.Side
	}
	return a
}

// pdSeen reports whether event id is already on the incident's timeline.
// It runs inside the update loop, so a concurrent delivery that commits
// first makes this one's commit stale, and the retry sees it here.
func (s *Service) pdSeen(ctx context.Context, incidentID, id string) (bool, error) {
	if id == "" {
		return false, nil
	}
	events, err := s.store.Timeline(ctx, incidentID)
	if err != nil {
		return false, err
	}
	for _, e := range events {
		if e.Details[detailPDEvent] == id {
			return true, nil
		}
	}
	return false, nil
}

func pdTransition(inc incident.Incident, ev PDEvent, by incident.Actor, now time.Time) (incident.Incident, []incident.Event, error) {
	switch ev.Kind {
	case PDAcknowledged:
		return inc.Ack(by, now)
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
	d := make(map[string]string, len(e.Details)+2)
	for k, v := range e.Details {
		d[k] = v
	}
	if ev.ID != "" {
		d[detailPDEvent] = ev.ID
	}
	if ev.URL != "" {
		d["pagerduty_incident"] = ev.URL
	}
	e.Details = d
	return e
}
