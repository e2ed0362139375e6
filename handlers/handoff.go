package handlers

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
)

// Handoff records the hand-over at a boundary of calendar cal (at is the
// boundary): a handoff entry on every open incident whose ladder follows
// that calendar, and a summary for every team's channels: each incident
// the team may see (an MSP team: its scope), its severity, who holds it
// and on which side, what is next and when. A team with nothing to see
// gets no summary unless HandoffEmpty. It returns the channel posts for
// the caller to enqueue. Run again for the same boundary (after a crash),
// it writes no entry twice; the caller enqueues the posts once (a job
// claim made with the enqueue).
func (s *Service) Handoff(ctx context.Context, cal *escalation.Calendar, at time.Time) ([]incident.Effect, error) {
	incs, err := s.store.List(ctx, incident.StatusOpen, incident.StatusAcked)
	if err != nil {
		return nil, err
	}
	from, to := cal.WindowAt(at.Add(-time.Second)), cal.WindowAt(at)
	var items []handoffItem
	for _, inc := range incs {
		l := s.ladderOf(inc)
		if l == nil || l.Calendar == nil || l.Calendar.Name != cal.Name {
			continue
		}
		if err := s.recordHandoff(ctx, inc.ID, cal.Name, at, from, to); err != nil {
			return nil, err
		}
		items = append(items, handoffItem{service: inc.Service, line: "• " + s.handoffLine(ctx, inc, l, cal.Location)})
	}
	header := fmt.Sprintf("🔁 Hand-over (%s, %s): %s → %s. ", cal.Name, at.In(cal.Location).Format("Mon 15:04 MST"),
		windowText(from), windowText(to))
	return s.handoffPosts(fmt.Sprintf("handoff/%s/%d", cal.Name, at.Unix()), header, items), nil
}

// handoffItem is one incident's line of a hand-over, with the service that
// decides which teams may see it.
type handoffItem struct{ service, line string }

// recordHandoff writes the handoff entry of one boundary on an incident,
// once: a run again after a crash finds it written.
func (s *Service) recordHandoff(ctx context.Context, id, calendar string, at time.Time, from, to escalation.Window) error {
	boundary := fmt.Sprintf("%s@%d", calendar, at.Unix())
	_, err := s.update(ctx, id, "", func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		if inc.HandedOver == boundary {
			return inc, nil, nil // written by an earlier run of this hand-over
		}
		inc.HandedOver = boundary
		return inc, []incident.Event{incident.NewEvent(now, incident.KindHandoff, incident.Tandem,
			incident.DetailCalendar, calendar, incident.DetailFrom, string(from), incident.DetailTo, string(to))}, nil
	})
	return err
}

// handoffPosts gives each team the lines of the incidents it may see, in
// every one of its channels, once per key.
func (s *Service) handoffPosts(key, header string, items []handoffItem) []incident.Effect {
	var out []incident.Effect
	for _, t := range s.sortedTeams() {
		var lines []string
		for _, it := range items {
			if t.MaySee(it.service) {
				lines = append(lines, it.line)
			}
		}
		if len(lines) == 0 && !s.opt.HandoffEmpty {
			continue
		}
		text := header + "No open incidents."
		if len(lines) > 0 {
			text = header + fmt.Sprintf("%d open incident(s):\n%s", len(lines), strings.Join(lines, "\n"))
		}
		for platform, channel := range t.Channels {
			out = append(out, incident.Effect{ID: key + "/" + t.Name + "/" + platform, Kind: incident.EffectChannelPost,
				Platform: platform, Channel: channel, Team: t.Name, Text: text})
		}
	}
	return out
}

func windowText(w escalation.Window) string { return strings.ReplaceAll(string(w), "_", " ") }

// handoffLine says what an incident is and what happens to it next.
func (s *Service) handoffLine(ctx context.Context, inc incident.Incident, l *escalation.Ladder, loc *time.Location) string {
	line := fmt.Sprintf("%s [%s] %s · %s", inc.ID, inc.Severity, inc.Title, inc.Status)
	if h := inc.Holder(); h != nil {
		line += ", held by " + h.String()
	} else {
		line += ", not held"
	}
	switch inc.Status {
	case incident.StatusOpen:
		due, ok, err := s.store.TimerDue(ctx, incident.TimerID(inc.ID, incident.TimerLadder))
		if err == nil && ok {
			if a, more := l.Next(inc.Step, inc.Severity, due); more {
				return line + fmt.Sprintf(" · next: %s at %s", strings.Join(s.teamsWithOnCall(ctx, a.Teams, due), " + "), due.In(loc).Format("15:04 MST"))
			}
		}
		return line + " · ladder holding; reminders continue"
	default:
		if due, ok, err := s.store.TimerDue(ctx, incident.TimerID(inc.ID, incident.TimerRemindUpdate)); err == nil && ok {
			return line + " · next update due " + due.In(loc).Format("15:04 MST")
		}
		return line
	}
}

// sortedTeams returns the configured teams (not the managers) by name.
func (s *Service) sortedTeams() []*Team {
	names := slices.Sorted(maps.Keys(s.opt.Directory.Teams))
	out := make([]*Team, len(names))
	for i, n := range names {
		out[i] = s.opt.Directory.Teams[n]
	}
	return out
}

// Calendars returns the calendars the ladders follow, by name.
func (s *Service) Calendars() map[string]*escalation.Calendar {
	out := map[string]*escalation.Calendar{}
	for _, l := range s.opt.Ladders {
		if l.Calendar != nil {
			out[l.Calendar.Name] = l.Calendar
		}
	}
	return out
}
