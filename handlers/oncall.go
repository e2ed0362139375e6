package handlers

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// oncallReport says, for every team, who is on call now and until when, and
// the current window of every calendar.
func (s *Service) oncallReport(ctx context.Context) chat.Response {
	now := s.opt.Now()
	names := make([]string, 0, len(s.opt.Directory.Teams))
	for n := range s.opt.Directory.Teams {
		names = append(names, n)
	}
	slices.Sort(names)
	lines := []string{"On call now:"}
	for _, n := range names {
		lines = append(lines, s.oncallLine(ctx, s.opt.Directory.Teams[n], now))
	}
	lines = append(lines, s.changeLines(ctx, now)...)
	seen := map[string]bool{}
	for _, l := range s.opt.Ladders {
		c := l.Calendar
		if c == nil || seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		lines = append(lines, fmt.Sprintf("Calendar %s (%s): %s now, %s", c.Name, c.Location,
			strings.ReplaceAll(string(c.WindowAt(now)), "_", " "), now.In(c.Location).Format("Mon 15:04 MST")))
	}
	return chat.Private(strings.Join(lines, "\n"))
}

// oncallLine is one team's line of the report: who is on now, until when,
// and who is next.
func (s *Service) oncallLine(ctx context.Context, t *Team, now time.Time) string {
	oc := s.opt.OnCall.OnCall(ctx, t, now)
	who := cmp.Or(oc.Person, "nobody")
	line := fmt.Sprintf("• %s (%s): %s", t.Name, t.Side.Label(), who)
	if !oc.Until.IsZero() {
		line += " until " + oc.Until.In(teamZone(t)).Format("Mon 02 Jan 15:04 MST")
		if next := s.nextOnCall(ctx, t, oc); next.Person != "" && next.Person != oc.Person {
			line += ", then " + next.Person
		}
	}
	return line + " [" + oc.Source + "]"
}

// nextOnCall is who takes over from oc: asked of the built-in rotation and
// stored changes only, since an outside source (PagerDuty) answers for now,
// not for a time ahead.
func (s *Service) nextOnCall(ctx context.Context, t *Team, oc OnCall) OnCall {
	if t.Rotation == nil || len(t.Rotation.Members) == 0 || oc.Source != "rotation" &&
		!strings.HasPrefix(oc.Source, "override ") && !strings.HasPrefix(oc.Source, "swap") {
		return OnCall{}
	}
	return s.opt.OnCall.OnCall(ctx, t, oc.Until)
}

// changeLines lists the overrides and swaps made from chat that are not
// over yet; none when there is no store or nothing to show.
func (s *Service) changeLines(ctx context.Context, now time.Time) []string {
	if s.opt.OnCallStore == nil {
		return nil
	}
	all, err := s.opt.OnCallStore.OnCallChanges(ctx)
	if err != nil {
		return []string{"(overrides and swaps could not be read just now)"}
	}
	var lines []string
	for _, c := range all {
		if !c.To.After(now) {
			continue
		}
		loc := time.UTC
		if t, ok := s.opt.Directory.Teams[c.Team]; ok {
			loc = teamZone(t)
		}
		what := fmt.Sprintf("%s on call %s – %s", c.Person, c.From.In(loc).Format("Mon 02 Jan 15:04"), c.To.In(loc).Format("Mon 02 Jan 15:04 MST"))
		if c.Kind == incident.KindSwap {
			what = fmt.Sprintf("%s ⇄ %s on %s", c.Person, c.Other, c.Date)
		}
		lines = append(lines, fmt.Sprintf("• %s %s %s: %s (by %s, %s)", c.ID, c.Team, c.Kind, what, c.By, c.At.UTC().Format("02 Jan 15:04 MST")))
	}
	if len(lines) > 0 {
		lines = append([]string{"Overrides and swaps:"}, lines...)
	}
	return lines
}

// onCalls is the on-call person of each team a page names, by team name.
type onCalls map[string]OnCall

// lookAhead looks up the on-call person of each team of the page decide
// picks for incident id as it stands now. It runs outside the incident's
// lock, so the page is decided again under the lock (page); a read or a
// decision that fails here looks up nobody and is left for update to meet
// and report.
func (s *Service) lookAhead(ctx context.Context, id string, decide decide) onCalls {
	oc := onCalls{}
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return oc
	}
	now := s.opt.Now()
	r, ok, err := decide(inc, now)
	if err != nil || !ok {
		return oc
	}
	for _, name := range r.teams {
		if team, ok := s.opt.Directory.Team(name); ok {
			oc[name] = s.opt.OnCall.OnCall(ctx, team, now)
		}
	}
	return oc
}

// covers reports whether every team of teams the directory knows was looked
// up (notify skips the others).
func (oc onCalls) covers(dir *Directory, teams []string) bool {
	for _, name := range teams {
		if _, known := dir.Team(name); !known {
			continue
		}
		if _, ok := oc[name]; !ok {
			return false
		}
	}
	return true
}
