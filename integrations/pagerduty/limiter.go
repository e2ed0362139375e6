package pagerduty

import (
	"sync"
	"time"
)

// Window is the span PagerDuty's Events API rate limit looks back over.
const Window = time.Minute

// DefaultPerMinute is PagerDuty's documented limit: about 120 events a
// minute per integration (routing) key, counted over the last 60 seconds.
const DefaultPerMinute = 120

// limiter keeps each routing key under its limit in this process, so a
// burst (a flapping alert, a mass resolve) waits here instead of being
// refused by PagerDuty. Replicas each keep their own count; PagerDuty's 429
// remains the backstop.
type limiter struct {
	mu      sync.Mutex
	max     int
	sent    map[string][]time.Time // routing key → send times within the window, oldest first
	blocked map[string]time.Time   // routing key → no sends before this (after a 429)
}

func newLimiter(perMinute int) *limiter {
	if perMinute <= 0 {
		perMinute = DefaultPerMinute
	}
	return &limiter{max: perMinute, sent: map[string][]time.Time{}, blocked: map[string]time.Time{}}
}

// take records a send for key at now and returns 0, or returns how long to
// wait before the window has room (recording nothing).
func (l *limiter) take(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := l.blocked[key]; now.Before(until) {
		return until.Sub(now)
	}
	delete(l.blocked, key)
	times := l.sent[key]
	i := 0
	for i < len(times) && !times[i].After(now.Add(-Window)) {
		i++
	}
	times = times[i:]
	if len(times) >= l.max {
		l.sent[key] = times
		return times[0].Add(Window).Sub(now)
	}
	l.sent[key] = append(times, now)
	return 0
}

// block holds every send for key until until, as PagerDuty asked with a 429.
func (l *limiter) block(key string, until time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until.After(l.blocked[key]) {
		l.blocked[key] = until
	}
}
