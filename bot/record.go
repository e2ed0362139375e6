package bot

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
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordFor)
	defer cancel()
	wait := 50 * time.Millisecond
	for {
		err := write(ctx)
		if err == nil || ctx.Err() != nil {
			return err
		}
		sleep(ctx, wait)
		wait = min(2*wait, time.Second)
	}
}
