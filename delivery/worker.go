package delivery

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/internal/slots"
	"github.com/tandemhq/tandem/redisstore"
)

// Delivery tuning.
const (
	deliveryParallel = 8 // effects in flight per worker
	outboxBlock      = time.Second
	maxAttempts      = 12 // then the effect is given up and recorded as failed
	maxBackoff       = 5 * time.Minute
	roomLockLease    = 30 * time.Second
	roomNotReadyWait = 300 * time.Millisecond
	maxWaits         = 2000 // ≈10 minutes of waiting for a room, then give up
	timelineBatch    = 50
)

// What dead processes held is taken over within seconds: the outbox is
// scanned for their entries every orphanScanEvery (their heartbeat, kept by
// the bot, stopped for redisstore.ProcessDeadAfter), instead of the 30 s
// after which an entry counts as stale.
const (
	orphanScanEvery = 2 * time.Second
	orphanMinIdle   = time.Second
)

// Run delivers until ctx ends, up to deliveryParallel effects at a time
// (a slow chat call does not hold up a page). It reads only as many
// entries as it can start, so nothing it claimed waits behind another.
// Each effect is finished on a context that outlives ctx a little, so a
// shutdown does not cut a delivery in half; Run returns when they are done.
func (d *Worker) Run(ctx context.Context) {
	free := slots.New(deliveryParallel)
	var wg sync.WaitGroup
	defer wg.Wait()
	var lastStale, lastOrphans time.Time
	for ctx.Err() == nil {
		n := free.TakeFree(ctx)
		if n == 0 {
			return
		}
		entries, err := d.read(ctx, &lastStale, &lastOrphans, int64(n))
		free.Give(max(0, n-len(entries)))
		if errors.Is(err, redisstore.ErrNotReplicated) {
			// What was read unconfirmed was released: take it over at the
			// next turn, once the replicas answer again.
			lastStale = time.Time{}
		}
		if err != nil {
			if ctx.Err() == nil {
				d.log.Warn("outbox read failed; retrying", "err", err)
				sleep(ctx, time.Second)
			}
			continue
		}
		for i, e := range entries {
			if i >= n {
				// A read may return more than n (up to n from each
				// stream): each extra one waits for a running delivery.
				<-free
			}
			wg.Go(func() {
				defer free.Give(1)
				dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
				defer cancel()
				d.process(dctx, e)
			})
		}
	}
}

// read takes over what dead processes held (every 2 s) and stale entries
// (now and then), else waits for new ones.
func (d *Worker) read(ctx context.Context, lastStale, lastOrphans *time.Time, n int64) ([]redisstore.OutboxEntry, error) {
	if time.Since(*lastOrphans) > orphanScanEvery {
		*lastOrphans = time.Now()
		entries, err := d.store.ClaimOrphans(ctx, d.consumer, orphanMinIdle, redisstore.ProcessDeadAfter, n)
		if err != nil || len(entries) > 0 {
			return entries, err
		}
	}
	if time.Since(*lastStale) > d.opt.StaleAfter/2 {
		*lastStale = time.Now()
		entries, err := d.store.ClaimStale(ctx, d.consumer, d.opt.StaleAfter, n)
		if err != nil || len(entries) > 0 {
			return entries, err
		}
	}
	return d.store.ReadOutbox(ctx, d.consumer, n, outboxBlock)
}

func (d *Worker) process(ctx context.Context, entry redisstore.OutboxEntry) {
	e := entry.Effect
	log := d.log.With("entry", entry.ID, "effect", e.Kind, "incident", e.Incident, "platform", e.Platform)
	var done bool
	if err := retryFor(ctx, checkFor, func(ctx context.Context) (err error) {
		done, err = d.store.Delivered(ctx, e.ID)
		return err
	}); err != nil {
		log.Warn("outbox check failed", "err", err)
		return // the entry stays pending and is taken over later
	}
	if done {
		d.finish(ctx, log, entry, "")
		return
	}
	// An effect taken over from a silent worker, or tried before, may have
	// gone out already: its post is checked for on the platform first.
	err := d.deliver(ctx, e, entry.Redelivered || e.Attempt > 0)
	switch {
	case err == nil:
		d.finish(ctx, log, entry, e.ID)
	case chat.IsPermanent(err) || e.Attempt+1 >= maxAttempts || e.Waits+1 >= maxWaits:
		d.giveUp(ctx, log, e, err)
		d.finish(ctx, log, entry, "")
	default:
		d.retryLater(ctx, log, entry, err)
	}
}

// giveUp records an effect that failed for good: on the timeline, and for
// a room that could not be created, on the room, so what waits for it stops.
func (d *Worker) giveUp(ctx context.Context, log *slog.Logger, e incident.Effect, err error) {
	log.Error("effect failed for good", "attempt", e.Attempt+1, "waits", e.Waits, "err", err)
	d.opt.Metrics.DeliveryFailed(e.Kind, e.Platform)
	if e.Kind == incident.EffectRoomCreate {
		d.roomFailed(ctx, log, e, failureText(err))
	}
	if e.Kind != incident.EffectRoomSync { // a broken room must not loop on its own failure entries
		if rerr := d.opt.Recorder.DeliveryFailed(ctx, e, failureText(err)); rerr != nil {
			log.Error("record failed delivery", "err", rerr)
		}
	}
}

// retryLater puts the entry back in the outbox for a later attempt.
func (d *Worker) retryLater(ctx context.Context, log *slog.Logger, entry redisstore.OutboxEntry, err error) {
	e := entry.Effect
	level := slog.LevelDebug // waiting for a room or its lock is routine
	if chat.IsWaiting(err) {
		e.Waits++
	} else {
		e.Attempt++
		level = slog.LevelInfo
	}
	delay := chat.RetryDelay(err)
	if delay == 0 {
		delay = backoff(e.Attempt)
	}
	log.Log(ctx, level, "effect will be retried", "attempt", e.Attempt, "in", delay, "err", err)
	if err := d.store.DeferOutbox(ctx, entry.ID, e, d.now().Add(delay)); err != nil {
		log.Warn("defer failed; the entry will be taken over", "err", err)
	}
}

func (d *Worker) finish(ctx context.Context, log *slog.Logger, entry redisstore.OutboxEntry, effectID string) {
	if err := record(ctx, func(ctx context.Context) error { return d.store.DoneOutbox(ctx, entry.ID, effectID) }); err != nil {
		log.Warn("finishing outbox entry failed; it may be delivered again", "err", err)
	}
}

// failureText is what people see on the timeline: the service's own words
// without our wrapping.
func failureText(err error) string {
	var d *chat.DeliveryError
	if errors.As(err, &d) {
		return d.Err.Error()
	}
	return err.Error()
}

// backoff is exponential from 500 ms with jitter, capped.
func backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << min(attempt-1, 12)
	if d > maxBackoff {
		d = maxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

func sleep(ctx context.Context, d time.Duration) {
	chat.Sleep(ctx, d) // ctx's end is seen by the caller's loop
}
