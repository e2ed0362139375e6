package bot

import (
	"context"
	"time"
)

// Heartbeats let the other replicas take over what this process's
// workers hold within seconds of its death (redisstore.ClaimOrphans, its
// timers and room locks too), instead of the 30 s after which an entry
// counts as stale. A process silent for redisstore.ProcessDeadAfter counts
// as dead.
const heartbeatEvery = 2 * time.Second

// heartbeats beats until ctx ends.
func (b *Bot) heartbeats(ctx context.Context) {
	every(ctx, heartbeatEvery, b.beat)
}

// every calls f every d, the first time after d, until ctx ends.
func every(ctx context.Context, d time.Duration, f func(context.Context)) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f(ctx)
		}
	}
}

func (b *Bot) beat(ctx context.Context) {
	if err := b.store.Heartbeat(ctx, b.consumer); err != nil && ctx.Err() == nil {
		b.log.Debug("heartbeat failed; retried", "err", err)
	}
}
