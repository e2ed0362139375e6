package escalation

import (
	"strconv"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// The ladder protocol as stored: a reached step travels from the paged
// event's details to the next ladder timer, and the timer carries the
// position to evaluate when it is due. Both are kept in Redis as strings;
// this file is the one place that writes and reads them, so events and
// timers written by earlier versions read back the same.

// manualStep is DetailStep of a page outside the ladder ("escalate TEAM").
const manualStep = "manual"

// Reached is a step reached, as each of its paged events records it.
type Reached struct {
	Index  int    // step index 0..len(Steps)-1 within its pass; -1 for a manual page of one team
	Pass   int    // 0-based pass
	Cursor int    // position of the step; for a manual page, the stored position - 1
	Window Window // window at the instant the step was reached ("" when unknown)
	// Wait is the time until the next step is evaluated; HasWait says the
	// event carries it. Only the first paged event of a ladder step does,
	// so a step sets one timer; "0s" (evaluate at once) is still a wait.
	Wait    time.Duration
	HasWait bool
}

// Reached is the record of reaching a's step, carrying its wait.
func (a Action) Reached() Reached {
	return Reached{Index: a.Index, Pass: a.Pass, Cursor: a.Cursor, Window: a.Window, Wait: a.Wait, HasWait: true}
}

// Manual is the record of a manual page of one team ("escalate TEAM") made
// while the ladder stands at position step: it carries no wait, so the
// ladder's pending timer goes on unchanged.
func Manual(step int, w Window) Reached {
	return Reached{Index: -1, Cursor: step - 1, Window: w}
}

// Step is the step as people read it: 1-based within its pass, or "manual".
func (r Reached) Step() string {
	if r.Index < 0 {
		return manualStep
	}
	return strconv.Itoa(r.Index + 1)
}

// Encode returns the event details that record r. Empty values (an
// unknown window, no wait) are left out, as incident.NewEvent does.
func (r Reached) Encode() map[string]string {
	d := map[string]string{
		incident.DetailStep:   r.Step(),
		incident.DetailPass:   strconv.Itoa(r.Pass + 1),
		incident.DetailCursor: strconv.Itoa(r.Cursor),
	}
	if r.Window != "" {
		d[incident.DetailWindow] = string(r.Window)
	}
	if r.HasWait {
		d[incident.DetailWait] = r.Wait.String()
	}
	return d
}

// DecodeReached reads a paged event's details. A field that is missing or
// does not parse reads as its zero value (a step as manual), and a wait
// that does not parse as none: such an event sets no timer, as before.
func DecodeReached(d map[string]string) Reached {
	r := Reached{Window: Window(d[incident.DetailWindow])}
	r.Index = -1
	if s := d[incident.DetailStep]; s != manualStep {
		r.Index = atoi(s) - 1
	}
	r.Pass = max(atoi(d[incident.DetailPass])-1, 0)
	r.Cursor = atoi(d[incident.DetailCursor])
	if w, err := time.ParseDuration(d[incident.DetailWait]); err == nil {
		r.Wait, r.HasWait = w, true
	}
	return r
}

// Pending is the ladder evaluation a ladder timer waits for: when it is due,
// evaluate from Cursor (see Ladder.Next), provided the incident still
// stands there.
type Pending struct {
	Cursor int
}

// Encode returns the timer data that records p.
func (p Pending) Encode() map[string]string {
	return map[string]string{incident.TimerDataCursor: strconv.Itoa(p.Cursor)}
}

// DecodePending reads a ladder timer's data; a cursor that is missing or
// does not parse reads as 0, as earlier versions read it.
func DecodePending(d map[string]string) Pending {
	return Pending{Cursor: atoi(d[incident.TimerDataCursor])}
}

// atoi is strconv.Atoi with 0 for what does not parse: stored records are
// read leniently (see DecodeReached).
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
