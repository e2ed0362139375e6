package delivery

import (
	"context"
	"time"
)

// recordFor is how long a worker keeps trying to record a delivery it has
// made (the delivered mark, the room's channel, card or cursor) while Redis
// does not answer, e.g. during a restart or a failover: recorded late is
// better than delivered twice.
const recordFor = 30 * time.Second

// record runs write until it succeeds or recordFor has passed, backing off
// from 50 ms to 1 s. It outlives ctx's cancellation (a shutdown), not its
// values.
func record(ctx context.Context, write func(context.Context) error) error {
	return retryFor(context.WithoutCancel(ctx), recordFor, write)
}

// checkFor is how long a worker keeps asking Redis whether an effect was
// delivered before it leaves the entry to be taken over (30 s later): long
// enough for go-redis to dial again after a Redis restart (its pool
// answers with the last dial error for about a second).
const checkFor = 5 * time.Second

// retryFor runs op until it succeeds, ctx ends or d has passed, backing
// off from 50 ms to 1 s.
func retryFor(ctx context.Context, d time.Duration, op func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	wait := 50 * time.Millisecond
	for {
		err := op(ctx)
		if err == nil || ctx.Err() != nil {
			return err
		}
		sleep(ctx, wait)
		wait = min(2*wait, time.Second)
	}
}
