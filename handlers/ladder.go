package handlers

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
)

// reach is a page a ladder transition decides on: a ladder step, which
// moves the incident's cursor, or a manual page of one team, which does not.
type reach struct {
	teams []string
	rec   escalation.Reached // recorded on each paged event
	step  int                // the incident's new cursor; -1 leaves it (a manual page)
	by    *incident.Actor    // who escalated by hand; nil for the ladder's own timer
}

func ladderReach(a escalation.Action) reach {
	return reach{teams: a.Teams, rec: a.Reached(), step: a.NextCursor()}
}

// decide picks the page an incident reaches at now; ok=false means none
// (the transition ends without effect), an error is a refusal.
type decide func(inc incident.Incident, now time.Time) (r reach, ok bool, err error)

// errLookAgain means the page decided under the incident's lock names a
// team whose on-call person was not looked up: the incident moved on
// between the lookup and the lock.
var errLookAgain = errors.New("the page changed since the on-call lookup")

// page commits the page decide picks for incident id. The on-call person of
// each team is looked up first (lookAhead), outside the incident's lock and
// update's retry loop: the lookup may be a PagerDuty REST call, too slow to
// hold the lock for and not worth repeating each time a commit loses a race.
func (s *Service) page(ctx context.Context, id, finish string, decide decide) (incident.Incident, error) {
	for range maxAttempts {
		oc := s.lookAhead(ctx, id, decide)
		inc, err := s.update(ctx, id, finish, func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			r, ok, err := decide(inc, now)
			if err != nil || !ok {
				return inc, nil, err
			}
			if !oc.covers(s.opt.Directory, r.teams) {
				return inc, nil, errLookAgain
			}
			out, events := s.notify(inc, r, oc, now)
			return out, events, nil
		})
		if !errors.Is(err, errLookAgain) {
			return inc, err
		}
	}
	return incident.Incident{}, fmt.Errorf("page %s: %d on-call lookups outdated: %w", id, maxAttempts, incident.ErrStale)
}

// notify records reaching a ladder step (or a manual page of one team): a
// paged event per team with its on-call person, after an escalated event
// when a person asked for it. For a ladder step, the incident's cursor moves
// past it and the first paged event carries the wait, from which plan sets
// the next step's timer.
func (s *Service) notify(inc incident.Incident, r reach, oc onCalls, now time.Time) (incident.Incident, []incident.Event) {
	out := inc
	out.Paged = slices.Clone(inc.Paged)
	if r.step >= 0 {
		out.Step = r.step
	}
	var events []incident.Event
	if r.by != nil {
		events = append(events, incident.NewEvent(now, incident.KindEscalated, *r.by, incident.DetailTo, joinTeams(r.teams)))
	}
	rec := r.rec
	for _, name := range r.teams {
		team, ok := s.opt.Directory.Team(name)
		if !ok {
			continue
		}
		e := incident.NewEvent(now, incident.KindPaged, incident.Tandem, incident.DetailTeam, name,
			incident.DetailSide, string(team.Side), incident.DetailPerson, oc[name].Person, incident.DetailOnCallSource, oc[name].Source)
		maps.Copy(e.Details, rec.Encode())
		events = append(events, e)
		// Only the first event of a step carries the wait: one timer per step.
		rec.HasWait = false
		if !slices.Contains(out.Paged, name) {
			out.Paged = append(out.Paged, name)
		}
		out, _ = out.MarkPaged(string(team.Side), now)
	}
	return out, events
}

// fireLadder reaches the next ladder step of an open incident whose cursor
// still is where the timer was set; anything else means the timer is stale
// (acked, escalated by hand, resolved) and it ends without effect.
func (s *Service) fireLadder(ctx context.Context, t incident.Timer) error {
	if held, err := s.holdLadder(ctx, t); held || err != nil {
		return err
	}
	due := escalation.DecodePending(t.Data)
	_, err := s.page(ctx, t.Incident, t.ID, func(inc incident.Incident, now time.Time) (reach, bool, error) {
		if inc.Status != incident.StatusOpen || inc.Step != due.Cursor {
			return reach{}, false, nil
		}
		// No step left: the ladder holds; reminders go on.
		a, ok := s.ladderOf(inc).Next(due.Cursor, inc.Severity, now)
		return ladderReach(a), ok, nil
	})
	return err
}

// escalate pages the next step at once, or one named team.
func (s *Service) escalate(ctx context.Context, id, target string, by incident.Actor) (incident.Incident, error) {
	return s.page(ctx, id, "", func(inc incident.Incident, now time.Time) (reach, bool, error) {
		if inc.Status == incident.StatusResolved {
			return reach{}, false, incident.Errorf(incident.EConflict, "%s is resolved; reopen it by declaring a new incident", inc.ID)
		}
		r, err := s.escalation(inc, target, now)
		r.by = &by
		return r, err == nil, err
	})
}

// escalation is the page "escalate [next|TEAM]" asks for: the step waiting
// would reach (escalation.Ladder.Next, only sooner), or the named team.
func (s *Service) escalation(inc incident.Incident, target string, now time.Time) (reach, error) {
	l := s.ladderOf(inc)
	if target == "" || target == "next" {
		a, ok := l.Next(inc.Step, inc.Severity, now)
		if !ok {
			return reach{}, incident.Errorf(incident.EConflict,
				"%s has no further ladder step; name a team instead, e.g. `/incident escalate %s %s`", inc.ID, inc.ID, s.anyTeam())
		}
		return ladderReach(a), nil
	}
	if _, ok := s.opt.Directory.Team(target); !ok {
		return reach{}, incident.Errorf(incident.ENotFound, "there is no team %q; teams: %s", target, s.teamNames())
	}
	var w escalation.Window // unknown without a ladder
	if l != nil {
		w = l.WindowAt(now)
	}
	return reach{teams: []string{target}, rec: escalation.Manual(inc.Step, w), step: -1}, nil
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
