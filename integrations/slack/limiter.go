package slack

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/tandemhq/tandem/chat"
)

// limiter keeps messages to one channel within Slack's pace (about one a
// second, short bursts allowed): a token bucket per channel, in process.
// With several replicas each keeps its own pace; Slack's 429 with
// Retry-After covers the rest.
type limiter struct {
	mu      sync.Mutex
	every   time.Duration
	burst   int
	maxWait time.Duration
	now     func() time.Time
	next    map[string]time.Time // channel → when the bucket is full again, less burst·every
}

func newLimiter(every time.Duration, burst int, maxWait time.Duration) *limiter {
	return &limiter{every: every, burst: burst, maxWait: maxWait, now: time.Now, next: map[string]time.Time{}}
}

// wait takes a turn for channel: at once when the bucket has a token,
// after a short sleep when one comes within maxWait, else it takes nothing
// and returns chat.WaitFor so the outbox tries again later. Waiting for a
// turn is not a failed attempt: a busy channel (a storm into one team
// channel, a long room catch-up) must not use up a message's attempts
// and see it given up.
func (l *limiter) wait(ctx context.Context, channel string) error {
	delay, ok := l.reserve(channel)
	if !ok {
		return chat.WaitFor(delay, errors.New("slack: channel "+channel+" is busy; keeping to about one message a second"))
	}
	return chat.Sleep(ctx, delay)
}

// reserve books the channel's next slot and says how long until it.
// The bucket is kept as one instant, "theoretical arrival time" style:
// a send is allowed when next-burst·every ≤ now.
func (l *limiter) reserve(channel string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	tat := l.next[channel]
	if tat.Before(now) {
		tat = now
	}
	allowAt := tat.Add(-time.Duration(l.burst-1) * l.every)
	delay := allowAt.Sub(now)
	if delay > l.maxWait {
		return delay, false
	}
	l.next[channel] = tat.Add(l.every)
	l.forget(now)
	return delay, true
}

// forget drops channels that have been quiet long enough to be full again,
// so the map does not grow with every incident room ever seen.
func (l *limiter) forget(now time.Time) {
	if len(l.next) < 1024 {
		return
	}
	for ch, t := range l.next {
		if t.Before(now) {
			delete(l.next, ch)
		}
	}
}
