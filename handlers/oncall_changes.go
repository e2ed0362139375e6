package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// oncallCommand answers `oncall` (and `/oncall`): the report, or an
// override, swap or removal.
func oncallCommand(s *Service, ctx context.Context, c call) (chat.Response, error) {
	a := c.cmd.OnCall
	if a.Action == "" {
		return s.oncallReport(ctx), nil
	}
	if s.opt.OnCallStore == nil {
		return chat.Response{}, incident.Errorf(incident.EConflict, "overrides and swaps need the store; this Tandem has none")
	}
	switch a.Action {
	case chat.OnCallRemove:
		return s.removeOnCallChange(ctx, a.ID, c.member, c.by)
	case chat.OnCallSwap:
		return s.addSwap(ctx, a, c.member, c.by)
	}
	return s.addOverride(ctx, a, c.member, c.by)
}

// changeTeam finds the team a change names and checks that the asker may
// change its on-call (a member of the team, or a manager) and that every
// person named is a member of it. A refusal stores nothing.
func (s *Service) changeTeam(name string, asker *Member, people ...string) (*Team, []string, error) {
	t, ok := s.opt.Directory.Teams[name]
	if !ok {
		return nil, nil, incident.Errorf(incident.ENotFound, "there is no team %q", name)
	}
	if asker.Team != ManagersTeam && !memberOf(t, asker.Name) {
		return nil, nil, incident.Errorf(incident.EUnauthorized, "only members of %s and managers may change its on-call", t.Name)
	}
	names := make([]string, len(people))
	for i, p := range people {
		m, ok := s.person(p)
		if !ok || !memberOf(t, m) {
			return nil, nil, incident.Errorf(incident.EUnauthorized, "%s is not a member of %s; nothing was changed", p, t.Name)
		}
		names[i] = m
	}
	return t, names, nil
}

// person is the member name a typed person stands for: a name, or a chat
// mention (<@U123>) of a configured member.
func (s *Service) person(p string) (string, bool) {
	if id, ok := strings.CutPrefix(strings.TrimSuffix(p, ">"), "<@"); ok {
		id, _, _ = strings.Cut(id, "|")
		for _, platform := range s.opt.Platforms { // the wired chats, whatever they are
			if m, ok := s.opt.Directory.Lookup(platform, id); ok {
				return m.Name, true
			}
		}
		return "", false
	}
	if m, ok := s.opt.Directory.Member(p); ok {
		return m.Name, true
	}
	return "", false
}

func memberOf(t *Team, name string) bool {
	return slices.ContainsFunc(t.Members, func(m string) bool { return strings.EqualFold(m, name) })
}

// teamZone is the zone a team's times are typed and shown in: its
// rotation's, else UTC.
func teamZone(t *Team) *time.Location {
	if t.Rotation != nil && t.Rotation.Location != nil {
		return t.Rotation.Location
	}
	return time.UTC
}

func (s *Service) addOverride(ctx context.Context, a chat.OnCallArgs, asker *Member, by incident.Actor) (chat.Response, error) {
	t, names, err := s.changeTeam(a.Team, asker, a.Person)
	if err != nil {
		return chat.Response{}, err
	}
	// Whole seconds: calendars (the .ics feed) cannot say less.
	now := s.opt.Now().Truncate(time.Second)
	to := now.Add(a.For)
	if a.Until != "" {
		if to, err = untilTime(a.Until, now, teamZone(t)); err != nil {
			return chat.Response{}, err
		}
	}
	c, err := s.opt.OnCallStore.AddOnCallChange(ctx, incident.OnCallChange{Kind: incident.KindOverride, Team: t.Name,
		Person: names[0], From: now, To: to, By: by, At: now})
	if err != nil {
		return chat.Response{}, err
	}
	return chat.Reply(fmt.Sprintf("🔀 %s: %s is on call for %s until %s (set by %s; `/oncall override remove %s` to undo)",
		c.ID, c.Person, c.Team, to.In(teamZone(t)).Format("Mon 02 Jan 15:04 MST"), by, c.ID)), nil
}

func (s *Service) addSwap(ctx context.Context, a chat.OnCallArgs, asker *Member, by incident.Actor) (chat.Response, error) {
	t, names, err := s.changeTeam(a.Team, asker, a.Person, a.Other)
	if err != nil {
		return chat.Response{}, err
	}
	if t.Rotation == nil || len(t.Rotation.Members) == 0 {
		return chat.Response{}, incident.Errorf(incident.EInvalid, "%s has no built-in rotation: there are no shifts to swap", t.Name)
	}
	d, _ := time.Parse(time.DateOnly, a.Date)
	now := s.opt.Now()
	from, to := t.Rotation.DayBounds(d)
	if !to.After(now) {
		return chat.Response{}, incident.Errorf(incident.EInvalid, "%s is over; swap a day from today on", a.Date)
	}
	c, err := s.opt.OnCallStore.AddOnCallChange(ctx, incident.OnCallChange{Kind: incident.KindSwap, Team: t.Name,
		Person: names[0], Other: names[1], Date: a.Date, From: from, To: to, By: by, At: now})
	if err != nil {
		return chat.Response{}, err
	}
	return chat.Reply(fmt.Sprintf("🔁 %s: %s and %s swap their %s shifts on %s (set by %s; `/oncall override remove %s` to undo)",
		c.ID, c.Person, c.Other, c.Team, c.Date, by, c.ID)), nil
}

func (s *Service) removeOnCallChange(ctx context.Context, id string, asker *Member, by incident.Actor) (chat.Response, error) {
	all, err := s.opt.OnCallStore.OnCallChanges(ctx)
	if err != nil {
		return chat.Response{}, err
	}
	i := slices.IndexFunc(all, func(c incident.OnCallChange) bool { return c.ID == id })
	if i < 0 {
		return chat.Response{}, incident.Errorf(incident.ENotFound, "there is no override or swap %s", id)
	}
	if _, _, err := s.changeTeam(all[i].Team, asker); err != nil {
		return chat.Response{}, err
	}
	c, err := s.opt.OnCallStore.RemoveOnCallChange(ctx, id, by, s.opt.Now())
	if err != nil {
		return chat.Response{}, err
	}
	return chat.Reply(fmt.Sprintf("↩️ %s removed by %s: %s is back to its rotation", c.ID, by, c.Team)), nil
}

// untilLayouts are the ways `until` may be written, read in the team's zone.
var untilLayouts = []string{time.RFC3339, "2006-01-02 15:04", "2006-01-02T15:04", "15:04"}

// untilTime reads the end of an override: a date and time, or a time of
// day (the next such time after now).
func untilTime(s string, now time.Time, loc *time.Location) (time.Time, error) {
	for _, l := range untilLayouts {
		t, err := time.ParseInLocation(l, s, loc)
		if err != nil {
			continue
		}
		if l == "15:04" {
			n := now.In(loc)
			t = time.Date(n.Year(), n.Month(), n.Day(), t.Hour(), t.Minute(), 0, 0, loc)
			if !t.After(now) {
				t = time.Date(n.Year(), n.Month(), n.Day()+1, t.Hour(), t.Minute(), 0, 0, loc)
			}
		}
		if !t.After(now) {
			return time.Time{}, incident.Errorf(incident.EInvalid, "until %s is already past", s)
		}
		return t, nil
	}
	return time.Time{}, incident.Errorf(incident.EInvalid, "%q is not a time like 18:00 or 2026-12-07 09:00 (%s)", s, loc)
}
