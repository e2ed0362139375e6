package handlers

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
)

// notify records reaching a ladder step (or a manual page of one team): a
// paged event per team with its on-call person. For a ladder step, the
// incident's cursor moves past it and the event carries the wait, from which
// plan sets the next step's timer.
func (s *Service) notify(ctx context.Context, inc incident.Incident, a escalation.Action, now time.Time, ladderStep bool) (incident.Incident, []incident.Event) {
	out := inc
	out.Paged = slices.Clone(inc.Paged)
	var wait string
	if ladderStep {
		out.Step = a.Cursor + 1
		wait = a.Wait.String()
	}
	step := strconv.Itoa(a.Index + 1)
	if !ladderStep {
		step = "manual"
	}
	var events []incident.Event
	for _, name := range a.Teams {
		team, ok := s.opt.Directory.Team(name)
		if !ok {
			continue
		}
		oc := s.opt.OnCall.OnCall(ctx, team, now)
		events = append(events, incident.NewEvent(now, incident.KindPaged, incident.Tandem,
			"team", name, "side", string(team.Side), "person", oc.Person, "oncall_source", oc.Source,
			"step", step, "pass", strconv.Itoa(a.Pass+1), "cursor", strconv.Itoa(a.Cursor),
			"window", string(a.Window), "wait", wait))
		// Only the first event of a step carries the wait: one timer per step.
		wait = ""
		if !slices.Contains(out.Paged, name) {
			out.Paged = append(out.Paged, name)
		}
	}
	return out, events
}

// fireLadder reaches the next ladder step of an open incident whose cursor
// still is where the timer was set; anything else means the timer is stale
// (acked, escalated by hand, resolved) and it ends without effect.
func (s *Service) fireLadder(ctx context.Context, t incident.Timer) error {
	cursor, _ := strconv.Atoi(t.Data["cursor"])
	_, err := s.update(ctx, t.Incident, t.ID, func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		if inc.Status != incident.StatusOpen || inc.Step != cursor {
			return inc, nil, nil
		}
		l := s.ladderOf(inc)
		if l == nil {
			return inc, nil, nil
		}
		a, ok := l.Next(cursor, inc.Severity, now)
		if !ok {
			return inc, nil, nil // the ladder holds; reminders go on
		}
		out, events := s.notify(ctx, inc, a, now, true)
		return out, events, nil
	})
	return err
}

// escalate pages the next step at once, or one named team.
func (s *Service) escalate(ctx context.Context, id, target string, by incident.Actor) (incident.Incident, error) {
	return s.update(ctx, id, "", func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		if inc.Status == incident.StatusResolved {
			return inc, nil, incident.Errorf(incident.EConflict, "%s is resolved; reopen it by declaring a new incident", inc.ID)
		}
		var a escalation.Action
		ladderStep := target == "" || target == "next"
		if ladderStep {
			l := s.ladderOf(inc)
			var ok bool
			if l != nil {
				a, ok = l.Next(inc.Step, inc.Severity, now)
			}
			if !ok {
				return inc, nil, incident.Errorf(incident.EConflict,
					"%s has no further ladder step; name a team instead, e.g. `/incident escalate %s %s`", inc.ID, inc.ID, s.anyTeam())
			}
		} else {
			if _, ok := s.opt.Directory.Team(target); !ok {
				return inc, nil, incident.Errorf(incident.ENotFound, "there is no team %q; teams: %s", target, s.teamNames())
			}
			a = escalation.Action{Cursor: inc.Step - 1, Index: -1, Teams: []string{target}}
			if l := s.ladderOf(inc); l != nil {
				a.Window = l.WindowAt(now)
			}
		}
		out, events := s.notify(ctx, inc, a, now, ladderStep)
		escalated := incident.NewEvent(now, incident.KindEscalated, by, "to", joinTeams(a.Teams))
		return out, append([]incident.Event{escalated}, events...), nil
	})
}

func joinTeams(teams []string) string {
	out := ""
	for i, t := range teams {
		if i > 0 {
			out += ", "
		}
		out += t
	}
	return out
}

func (s *Service) teamNames() string {
	names := make([]string, 0, len(s.opt.Directory.Teams)+1)
	for n := range s.opt.Directory.Teams {
		names = append(names, n)
	}
	slices.Sort(names)
	return joinTeams(append(names, ManagersTeam))
}

func (s *Service) anyTeam() string {
	for n := range s.opt.Directory.Teams {
		return n
	}
	return ManagersTeam
}
