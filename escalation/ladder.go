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
// set for now+Wait fires it calls Next with that stored position.
type Action struct {
	Cursor int           // global 0-based position of the step reached; -1 for EscalateTo
	Pass   int           // 0..Repeat; -1 for EscalateTo
	Index  int           // step index 0..len(Steps)-1 within the pass; -1 for EscalateTo
	Teams  []string      // deduplicated, in order, empty names dropped
	Window Window        // window at the instant the step was reached
	Wait   time.Duration // time until the next step is evaluated; 0 for EscalateTo
}

// NextCursor is the position to store and pass to Next when the wait is
// over. For an EscalateTo action, which does not move the ladder, it is -1:
// keep the cursor you had.
func (a Action) NextCursor() int {
	if a.Cursor < 0 {
		return -1
	}
	return a.Cursor + 1
}

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

// Escalate is the manual "escalate next" (chat command or button): the step
// Next would reach from cursor, reached now instead of when the pending timer
// fires. It is deliberately the same evaluation as Next, window and severity
// filters included, so a person pressing Escalate gets exactly what waiting
// would have given, only sooner. The caller cancels the pending timer, stores
// a.NextCursor() and sets a new timer at now+a.Wait. ok=false means the
// ladder has nothing left; the handler should say so and suggest
// "escalate TEAM".
func (l *Ladder) Escalate(cursor int, sev incident.Severity, now time.Time) (a Action, ok bool) {
	return l.Next(cursor, sev, now)
}

// EscalateTo is the manual "escalate TEAM": an Action notifying just team,
// now, outside the ladder. Cursor, Pass and Index are -1 and Wait is 0: the
// stored cursor and the pending timer stay as they are, so the ladder goes
// on as if nothing happened. The team need not be on the ladder.
func (l *Ladder) EscalateTo(team string, now time.Time) Action {
	return Action{
		Cursor: -1,
		Pass:   -1,
		Index:  -1,
		Teams:  dedup([]string{team}),
		Window: l.WindowAt(now),
	}
}

// MaxWait is the sum of the waits of one pass; a full run never waits more
// than MaxWait()*(Repeat+1).
func (l *Ladder) MaxWait() time.Duration {
	var sum time.Duration
	if l == nil {
		return 0
	}
	for _, s := range l.Steps {
		sum += max(s.Wait, 0)
	}
	return sum
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
