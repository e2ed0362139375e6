package pagerduty

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// ErrNobodyOnCall means PagerDuty answered, and named nobody.
var ErrNobodyOnCall = errors.New("PagerDuty names nobody on call")

// Target is where a team's on-call comes from: a schedule or, when no
// schedule is named, an escalation policy.
type Target struct {
	ScheduleID         string
	EscalationPolicyID string
}

// String is "schedule PABC123" or "escalation policy PDEF456".
func (t Target) String() string {
	if t.ScheduleID != "" {
		return "schedule " + t.ScheduleID
	}
	return "escalation policy " + t.EscalationPolicyID
}

// OnCallUser is who PagerDuty says is on call.
type OnCallUser struct {
	ID    string
	Name  string
	Email string
	Until time.Time // zero when the shift has no end
}

// Cache lifetimes: an answer is reused for about a minute (or until the
// shift ends); a failure for a quarter of that, so a PagerDuty outage does
// not slow every ladder step while it lasts.
const (
	DefaultOnCallTTL = time.Minute
	failureTTL       = 15 * time.Second
)

// OnCalls answers who is on call for a target, from GET /oncalls, cached.
type OnCalls struct {
	client *Client
	log    *slog.Logger
	ttl    time.Duration
	mu     sync.Mutex
	cache  map[Target]cached
}

type cached struct {
	user    OnCallUser
	err     error
	expires time.Time
}

// NewOnCalls looks on-calls up through client, caching each for ttl
// (DefaultOnCallTTL when 0). Failed lookups are logged to log (nil: not).
func NewOnCalls(client *Client, ttl time.Duration, log *slog.Logger) *OnCalls {
	if ttl <= 0 {
		ttl = DefaultOnCallTTL
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &OnCalls{client: client, ttl: ttl, log: log, cache: map[Target]cached{}}
}

// Lookup returns who is on call for t at now: the person at the lowest
// escalation level. Errors (PagerDuty unreachable, ErrNobodyOnCall) are
// cached briefly too.
func (o *OnCalls) Lookup(ctx context.Context, t Target, now time.Time) (OnCallUser, error) {
	o.mu.Lock()
	c, ok := o.cache[t]
	o.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.user, c.err
	}
	c = o.fetch(ctx, t, now)
	o.mu.Lock()
	o.cache[t] = c
	o.mu.Unlock()
	return c.user, c.err
}

func (o *OnCalls) fetch(ctx context.Context, t Target, now time.Time) cached {
	list, err := o.client.onCalls(ctx, t)
	if err != nil {
		// Logged here, once per failed fetch, not on every cached answer.
		o.log.Warn("PagerDuty on-call lookup failed; teams fall back", "target", t.String(), "err", err)
		return cached{err: err, expires: now.Add(failureTTL)}
	}
	if len(list) == 0 {
		return cached{err: ErrNobodyOnCall, expires: now.Add(failureTTL)}
	}
	slices.SortStableFunc(list, func(a, b onCall) int { return int(a.level) - int(b.level) })
	u := list[0].user
	expires := now.Add(o.ttl)
	if !u.Until.IsZero() && u.Until.After(now) && u.Until.Before(expires) {
		expires = u.Until // the shift ends first: ask again then
	}
	return cached{user: u, expires: expires}
}
