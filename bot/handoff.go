package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// scheduleHandoffs makes sure each calendar has its next hand-over timer.
// Every replica calls it at start; the timer is one entry per calendar, so
// a boundary is handed over once whatever the number of replicas. With
// reports.handoff off, none is scheduled (a timer left by an earlier
// config is dropped when it comes due).
func (b *Bot) scheduleHandoffs(ctx context.Context) {
	if !b.cfg.Reports.Handoff {
		return
	}
	now := b.opt.Now()
	for name, cal := range b.svc.Calendars() {
		next := cal.NextChange(now)
		if next.IsZero() {
			continue // the window never changes: nothing to hand over
		}
		t := incident.Timer{ID: "handoff/" + name, Kind: incident.TimerHandoff, Due: next, Data: map[string]string{"calendar": name}}
		if err := b.store.EnsureTimer(ctx, t); err != nil {
			b.log.Warn("scheduling hand-overs failed; retried at the next start", "calendar", name, "err", err)
		}
	}
}

// handoff runs the hand-over of one calendar boundary and schedules the
// next. The job claim, made with the enqueue, keeps a boundary from being
// handed over twice when the timer comes back after a crash.
func (b *Bot) handoff(ctx context.Context, tm incident.Timer) error {
	name := tm.Data["calendar"]
	if tm.Due.After(b.opt.Now().Add(time.Second)) {
		// A lease ran out after the timer had been moved on: not yet.
		if err := b.store.SetTimers(ctx, tm); err != nil {
			return err
		}
		return b.store.FinishTimer(ctx, tm.ID)
	}
	cal, ok := b.svc.Calendars()[name]
	if !ok || !b.cfg.Reports.Handoff {
		return b.store.FinishTimer(ctx, tm.ID) // the calendar or hand-overs left the config
	}
	// After an outage or a clock jump over several boundaries, only the
	// latest is handed over: the missed ones would post the same incidents
	// again, in a burst.
	at := tm.Due
	for n := cal.NextChange(at.Add(time.Second)); !n.IsZero() && !n.After(b.opt.Now()); n = cal.NextChange(n.Add(time.Second)) {
		at = n
	}
	// The incidents' hand-over entries are written once each (a crash
	// here runs this again); the posts are enqueued with the claim of the
	// firing, in one step: never claimed without its posts, never twice.
	effects, err := b.svc.Handoff(ctx, cal, at)
	if err != nil {
		return fmt.Errorf("hand-over %s: %w", name, err)
	}
	if _, err := b.store.EnqueueJob(ctx, "handoff:"+name, at, effects...); err != nil {
		return err
	}
	next := cal.NextChange(at.Add(time.Second))
	if next.IsZero() {
		return b.store.FinishTimer(ctx, tm.ID)
	}
	// Same ID: moves the timer to the next boundary, and the data stays.
	tm.Due = next
	if err := b.store.SetTimers(ctx, tm); err != nil {
		return err
	}
	return b.store.FinishTimer(ctx, tm.ID)
}
