package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
)

// Handoff records the hand-over at a boundary of calendar cal (at is the
// boundary): a handoff entry on every open incident whose ladder follows
// that calendar, and a summary for every team's channels: each incident,
// its severity, who holds it and on which side, what is next and when. It
// returns the channel posts for the caller to enqueue. Run again for the
// same boundary (after a crash), it writes no entry twice; the caller
// enqueues the posts once (a job claim made with the enqueue).
func (s *Service) Handoff(ctx context.Context, cal *escalation.Calendar, at time.Time) ([]incident.Effect, error) {
	incs, err := s.store.List(ctx, incident.StatusOpen, incident.StatusAcked)
	if err != nil {
		return nil, err
	}
	from, to := cal.WindowAt(at.Add(-time.Second)), cal.WindowAt(at)
	var lines []string
	for _, inc := range incs {
		l := s.ladderOf(inc)
		if l == nil || l.Calendar == nil || l.Calendar.Name != cal.Name {
			continue
		}
		boundary := fmt.Sprintf("%s@%d", cal.Name, at.Unix())
		_, err := s.update(ctx, inc.ID, "", func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			if inc.HandedOver == boundary {
				return inc, nil, nil // written by an earlier run of this hand-over
			}
			inc.HandedOver = boundary
			return inc, []incident.Event{incident.NewEvent(now, incident.KindHandoff, incident.Tandem,
				"calendar", cal.Name, "from", string(from), "to", string(to))}, nil
		})
		if err != nil {
			return nil, err
		}
		lines = append(lines, "• "+s.handoffLine(ctx, inc, l, cal.Location))
	}
	text := fmt.Sprintf("🔁 Hand-over (%s, %s): %s → %s. ", cal.Name, at.In(cal.Location).Format("Mon 15:04 MST"),
		windowText(from), windowText(to))
	if len(lines) == 0 {
		text += "No open incidents."
	} else {
		text += fmt.Sprintf("%d open incident(s):\n%s", len(lines), strings.Join(lines, "\n"))
	}
	return s.teamPosts(fmt.Sprintf("handoff/%s/%d", cal.Name, at.Unix()), text), nil
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
				return line + fmt.Sprintf(" · next: %s at %s", strings.Join(a.Teams, " + "), due.In(loc).Format("15:04 MST"))
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

// teamPosts posts text in every team's channels, once per key.
func (s *Service) teamPosts(key, text string) []incident.Effect {
	names := make([]string, 0, len(s.opt.Directory.Teams))
	for n := range s.opt.Directory.Teams {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []incident.Effect
	for _, n := range names {
		t := s.opt.Directory.Teams[n]
		for platform, channel := range t.Channels {
			out = append(out, incident.Effect{ID: key + "/" + n + "/" + platform, Kind: incident.EffectChannelPost,
				Platform: platform, Channel: channel, Team: n, Text: text})
		}
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
