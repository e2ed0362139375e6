package handlers

import (
	"context"
	"log/slog"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
)

// OnCallChangeReader reads the overrides and swaps made from chat.
type OnCallChangeReader interface {
	OnCallChanges(ctx context.Context) ([]incident.OnCallChange, error)
}

// OnCallStore keeps the overrides and swaps made from chat
// (redisstore/oncall.go), with their audit trail.
type OnCallStore interface {
	OnCallChangeReader
	AddOnCallChange(ctx context.Context, c incident.OnCallChange) (incident.OnCallChange, error)
	RemoveOnCallChange(ctx context.Context, id string, by incident.Actor, at time.Time) (incident.OnCallChange, error)
}

// StoredOnCall puts the overrides and swaps made from chat over another
// on-call source (the rotation, or PagerDuty), so pages, `/oncall` and
// hand-overs all follow them. A store that cannot be read leaves Base's
// answer (logged): a page is never held up by an override lookup.
type StoredOnCall struct {
	Base  OnCallSource
	Store OnCallChangeReader
	Log   *slog.Logger
}

// OnCall returns the stored override covering now, else the rotation with
// the team's swaps applied, else Base's answer.
func (s StoredOnCall) OnCall(ctx context.Context, team *Team, now time.Time) OnCall {
	base := s.Base.OnCall(ctx, team, now)
	changes, err := s.Store.OnCallChanges(ctx)
	if err != nil {
		if s.Log != nil {
			s.Log.Warn("reading on-call overrides failed; using the rotation", "team", team.Name, "err", err)
		}
		return base
	}
	return applyChanges(team, teamChanges(changes, team.Name), now, base)
}

// applyChanges answers who is on call at now for team given its stored
// changes and the base source's answer.
func applyChanges(team *Team, changes []incident.OnCallChange, now time.Time, base OnCall) OnCall {
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		if c.Kind == incident.KindOverride && !now.Before(c.From) && now.Before(c.To) {
			return OnCall{Person: c.Person, Until: c.To, Source: "override " + c.ID}
		}
	}
	if team.Rotation == nil || len(team.Rotation.Members) == 0 || base.Source != "rotation" {
		return base
	}
	who, until := EffectiveRotation(team.Rotation, changes).OnCall(now)
	if who == base.Person {
		return OnCall{Person: who, Until: until, Source: base.Source}
	}
	src := "swap"
	for _, c := range changes {
		if c.Kind == incident.KindSwap && !now.Before(c.From) && now.Before(c.To) {
			src = "swap " + c.ID
		}
	}
	return OnCall{Person: who, Until: until, Source: src}
}

// teamChanges are the changes of one team, in the order they were made.
func teamChanges(all []incident.OnCallChange, team string) []incident.OnCallChange {
	var out []incident.OnCallChange
	for _, c := range all {
		if c.Team == team {
			out = append(out, c)
		}
	}
	return out
}

// EffectiveRotation is r with a team's stored swaps and overrides applied
// (config overrides first, then swaps, then stored overrides, later ones
// winning).
func EffectiveRotation(r *escalation.Rotation, changes []incident.OnCallChange) *escalation.Rotation {
	var ovs []escalation.Override
	var swaps []escalation.Swap
	for _, c := range changes {
		switch c.Kind {
		case incident.KindOverride:
			ovs = append(ovs, escalation.Override{Member: c.Person, From: c.From, To: c.To})
		case incident.KindSwap:
			d, err := time.Parse(time.DateOnly, c.Date)
			if err == nil {
				swaps = append(swaps, escalation.Swap{A: c.Person, B: c.Other, Date: d})
			}
		}
	}
	return r.With(ovs, swaps)
}

// OnCallAt is who the built-in rotation, with changes (of any team) made
// from chat, puts on call for team at t: what a page at t would name when
// the team takes its on-call from the rotation.
func OnCallAt(team *Team, changes []incident.OnCallChange, t time.Time) OnCall {
	return applyChanges(team, teamChanges(changes, team.Name), t, RotationOnCall{}.OnCall(context.Background(), team, t))
}

// teamsWithOnCall names each team with who would be paged for it at t
// ("acme-it (Bob)"), overrides and swaps applied; a team with nobody found
// is named alone.
func (s *Service) teamsWithOnCall(ctx context.Context, teams []string, t time.Time) []string {
	out := make([]string, len(teams))
	for i, name := range teams {
		out[i] = name
		if team, ok := s.opt.Directory.Teams[name]; ok {
			if oc := s.opt.OnCall.OnCall(ctx, team, t); oc.Person != "" {
				out[i] = name + " (" + oc.Person + ")"
			}
		}
	}
	return out
}
