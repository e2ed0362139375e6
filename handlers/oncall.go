package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/chat"
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
		t := s.opt.Directory.Teams[n]
		oc := s.opt.OnCall.OnCall(ctx, t, now)
		who := oc.Person
		if who == "" {
			who = "nobody"
		}
		until := ""
		if !oc.Until.IsZero() {
			until = " until " + oc.Until.UTC().Format("Mon 02 Jan 15:04 MST")
		}
		lines = append(lines, fmt.Sprintf("• %s (%s): %s%s [%s]", n, t.Side.Label(), who, until, oc.Source))
	}
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
