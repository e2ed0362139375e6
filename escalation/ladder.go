package escalation

import (
	"fmt"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// Step is one rung of a ladder: the teams it notifies, the window it applies
// in ("" = any), the least urgent severity it applies to (0 = any), and how
// long to wait after notifying before the next step is evaluated.
type Step struct {
	Notify      []string
	When        Window
	MinSeverity incident.Severity
	Wait        time.Duration
}

// Matches reports whether the step applies to an incident of severity sev in
// window w. A step restricted by severity never applies to an invalid
// severity (incident.Severity.AtLeast is false for it).
func (s Step) Matches(sev incident.Severity, w Window) bool {
	if s.When != "" && s.When != w {
		return false
	}
	if s.MinSeverity != 0 && !sev.AtLeast(s.MinSeverity) {
		return false
	}
	return true
}

// Ladder is an escalation policy: Steps evaluated in order in Calendar, then
// Repeat more passes over them, then hold (the bot only reminds).
type Ladder struct {
	Name     string
	Calendar *Calendar
	Repeat   int
	Steps    []Step
}

// Action is what reaching a step does.
//
// Cursor semantics: positions run over all passes, pass*len(Steps)+index,
// from 0 to Total()-1. The bot stores the position to evaluate next,
// NextCursor() of the last Action (0 for a new incident), and when the timer
// set for now+Wait fires it calls Next with that stored position (see
// protocol.go for how both are stored).
type Action struct {
	Cursor int           // global 0-based position of the step reached
	Pass   int           // 0..Repeat
	Index  int           // step index 0..len(Steps)-1 within the pass
	Teams  []string      // deduplicated, in order, empty names dropped
	Window Window        // window at the instant the step was reached
	Wait   time.Duration // time until the next step is evaluated
}

// NextCursor is the position to store and pass to Next when the wait is
// over.
func (a Action) NextCursor() int { return a.Cursor + 1 }

// Total is the number of positions over all passes: (Repeat+1)*len(Steps).
func (l *Ladder) Total() int {
	if l == nil || len(l.Steps) == 0 {
		return 0
	}
	return (max(l.Repeat, 0) + 1) * len(l.Steps)
}

// WindowAt is the ladder's calendar window at t (after hours without a
// calendar).
func (l *Ladder) WindowAt(t time.Time) Window {
	if l == nil {
		return AfterHours
	}
	return l.Calendar.WindowAt(t)
}

// Next evaluates the ladder from cursor at instant now for an incident of
// severity sev: it returns the first step at or after cursor whose When and
// MinSeverity match at now. Non-matching steps are skipped without waiting,
// so every step is judged in the window of the moment it is reached. ok is
// false when no step is left in any pass: the ladder then holds and the bot
// only reminds. A negative cursor counts as 0.
//
// The manual "escalate next" (chat command or button) is the same call made
// now instead of when the pending timer fires: a person pressing Escalate
// gets exactly what waiting would have given, window and severity filters
// included, only sooner. A manual page of one named team is outside the
// ladder and needs no evaluation (see Manual).
func (l *Ladder) Next(cursor int, sev incident.Severity, now time.Time) (a Action, ok bool) {
	total := l.Total()
	w := l.WindowAt(now)
	for c := max(cursor, 0); c < total; c++ {
		n := len(l.Steps)
		st := l.Steps[c%n]
		if !st.Matches(sev, w) {
			continue
		}
		return Action{
			Cursor: c,
			Pass:   c / n,
			Index:  c % n,
			Teams:  dedup(st.Notify),
			Window: w,
			Wait:   max(st.Wait, 0),
		}, true
	}
	return Action{}, false
}

// Validate reports the first problem with the ladder: no steps, a negative
// repeat or wait, an unknown window, an invalid severity, a step without
// teams, or a bad calendar.
func (l *Ladder) Validate() error {
	if len(l.Steps) == 0 {
		return fmt.Errorf("ladder %q: no steps", l.Name)
	}
	if l.Repeat < 0 {
		return fmt.Errorf("ladder %q: repeat %d is negative", l.Name, l.Repeat)
	}
	for i, s := range l.Steps {
		switch {
		case len(dedup(s.Notify)) == 0:
			return fmt.Errorf("ladder %q: step %d notifies nobody", l.Name, i+1)
		case s.When != "" && !s.When.Valid():
			return fmt.Errorf("ladder %q: step %d: when %q: want business_hours or after_hours", l.Name, i+1, s.When)
		case s.MinSeverity != 0 && !s.MinSeverity.Valid():
			return fmt.Errorf("ladder %q: step %d: bad min_severity %d", l.Name, i+1, s.MinSeverity)
		case s.Wait < 0:
			return fmt.Errorf("ladder %q: step %d: negative wait %s", l.Name, i+1, s.Wait)
		}
	}
	if l.Calendar != nil {
		return l.Calendar.Validate()
	}
	return nil
}

// dedup returns the names in order, each once, empty names dropped. It
// always returns a fresh slice so callers may keep or change it.
func dedup(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n == "" || contains(out, n) {
			continue
		}
		out = append(out, n)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
