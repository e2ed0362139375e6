package bot

import (
	"context"
	"sync"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/internal/slots"
)

// Timer loop tuning: look every tick (sooner when work is waiting), claim
// when a timer is due and at least every timerSweep (leases that ran out,
// timers of a dead process), lease long enough for a slow chat call, a
// pool of handlers.
const (
	timerTick    = 50 * time.Millisecond
	timerSweep   = time.Second
	timerLease   = 30 * time.Second
	timerWorkers = 16
)

// runTimers claims due timers and runs them until ctx ends. On start,
// everything already due is claimed at once. Claims never take more than
// the free handlers can start, so a claimed timer waits for no other
// timer's handler; leases make a dead replica's timers come back; handlers
// are idempotent, so a timer run twice changes nothing twice.
func (b *Bot) runTimers(ctx context.Context) {
	work := make(chan incident.Timer)
	free := slots.New(timerWorkers)
	var wg sync.WaitGroup
	for range timerWorkers {
		wg.Go(func() {
			for tm := range work {
				b.fireTimer(context.WithoutCancel(ctx), tm)
				free.Give(1)
			}
		})
	}
	defer func() {
		close(work)
		wg.Wait()
	}()
	t := time.NewTicker(timerTick)
	defer t.Stop()
	var swept time.Time // the last claim, in real time
	claim := true       // everything already due is claimed at start
	for {
		if claim {
			n := free.TakeFree(ctx) // free handlers first: what is claimed starts at once
			if n == 0 {
				return
			}
			swept = time.Now()
			claimed := b.claimTimers(ctx, n)
			free.Give(n - len(claimed))
			for _, tm := range claimed {
				work <- tm
			}
			if len(claimed) == n {
				continue // more may be due: claim again as soon as a handler is free
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			claim = time.Since(swept) >= timerSweep || b.timerDue(ctx)
		case <-b.wake:
			claim = true
		}
	}
}

// timerDue reports whether a timer is due now. An idle bot looks with one
// read per tick instead of a claim script (four commands and a scan of the
// leases): a tenant costs Redis a quarter as much while nothing happens.
// On an error it says yes: the claim reports it.
func (b *Bot) timerDue(ctx context.Context) bool {
	due, err := b.store.AnyTimerDue(ctx, b.opt.Now())
	return due || err != nil
}

// claimTimers claims up to n due timers.
func (b *Bot) claimTimers(ctx context.Context, n int) []incident.Timer {
	if n == 0 {
		return nil
	}
	now := b.opt.Now()
	timers, err := b.store.ClaimTimers(ctx, b.consumer, now, timerLease, n)
	if err != nil {
		if ctx.Err() == nil {
			b.log.Warn("claiming timers failed; retrying", "err", err)
		}
		return nil
	}
	for _, tm := range timers {
		b.metrics.timerLateness.Observe(max(0, now.Sub(tm.Due).Seconds()))
	}
	return timers
}

func (b *Bot) fireTimer(ctx context.Context, tm incident.Timer) {
	var err error
	switch {
	case tm.Kind == incident.TimerRetry && tm.Effect != nil:
		err = b.store.RequeueEffect(ctx, tm.ID, *tm.Effect)
	case tm.Kind == incident.TimerHandoff:
		err = b.handoff(ctx, tm)
	case tm.Kind == incident.TimerReport:
		err = b.runReport(ctx, tm)
	case tm.Kind == incident.TimerMaintenanceEnd:
		err = b.endMaintenance(ctx, tm)
	case tm.Kind == incident.TimerMaintenanceOpen:
		err = b.openRecurring(ctx, tm)
	case tm.Kind == "":
		err = b.store.FinishTimer(ctx, tm.ID) // its data is gone: nothing to do
	default:
		err = b.svc.FireTimer(ctx, tm)
	}
	if err != nil {
		// The lease brings the timer back; its handler is idempotent.
		b.log.Warn("timer failed; it will come back", "timer", tm.ID, "err", err)
	}
}
