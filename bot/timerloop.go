package bot

import (
	"context"
	"sync"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// Timer loop tuning: claim every tick, lease long enough for a slow chat
// call, a handful of timers handled at once.
const (
	timerTick    = 50 * time.Millisecond
	timerLease   = 30 * time.Second
	timerBatch   = 200
	timerWorkers = 8
)

// runTimers claims due timers and runs them until ctx ends. On start,
// everything already due is claimed at once. Leases make a dead replica's
// timers come back; handlers are idempotent, so a timer run twice changes
// nothing twice.
func (b *Bot) runTimers(ctx context.Context) {
	t := time.NewTicker(timerTick)
	defer t.Stop()
	for {
		n := b.timerRound(ctx)
		if n == timerBatch {
			continue // more are due: no pause
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (b *Bot) timerRound(ctx context.Context) int {
	now := b.opt.Now()
	timers, err := b.store.ClaimTimers(ctx, now, timerLease, timerBatch)
	if err != nil {
		if ctx.Err() == nil {
			b.log.Warn("claiming timers failed; retrying", "err", err)
		}
		return 0
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, timerWorkers)
	for _, tm := range timers {
		b.metrics.timerLateness.Observe(max(0, now.Sub(tm.Due).Seconds()))
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			b.fireTimer(context.WithoutCancel(ctx), tm)
		})
	}
	wg.Wait()
	return len(timers)
}

func (b *Bot) fireTimer(ctx context.Context, tm incident.Timer) {
	var err error
	switch {
	case tm.Kind == incident.TimerRetry && tm.Effect != nil:
		err = b.store.RequeueEffect(ctx, tm.ID, *tm.Effect)
	case tm.Kind == incident.TimerHandoff:
		err = b.handoff(ctx, tm)
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
