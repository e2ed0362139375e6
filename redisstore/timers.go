package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/tandemhq/tandem/incident"
)

// ClaimTimers takes up to limit timers due at now, leasing them until
// now+lease to owner (a process that beats, see Heartbeat; "" for none). A
// timer whose worker dies comes back when its lease runs out, or as soon
// as its owner has been silent for ProcessDeadAfter.
// Each claimed timer must end in a Commit naming it in FinishTimer, or in
// FinishTimer.
func (s *Store) ClaimTimers(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]incident.Timer, error) {
	keys := []string{s.keys.timersDue(), s.keys.timersLease(), s.keys.timersData(), s.keys.timersOwner(), s.keys.heartbeats()}
	res, err := claimTimersScript.Run(ctx, s.rdb, keys, now.UnixMilli(), now.Add(lease).UnixMilli(), limit,
		owner, ProcessDeadAfter.Milliseconds()).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("redisstore: claim timers: %w", err)
	}
	out := make([]incident.Timer, 0, len(res)/2)
	for i := 0; i+1 < len(res); i += 2 {
		t := incident.Timer{ID: res[i]}
		if res[i+1] != "" {
			if err := json.Unmarshal([]byte(res[i+1]), &t); err != nil {
				s.log.Error("undecodable timer", "timer", res[i], "err", err)
				t = incident.Timer{ID: res[i]}
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// FinishTimer ends a claimed timer that needed no state change.
func (s *Store) FinishTimer(ctx context.Context, id string) error {
	keys := []string{s.keys.timersDue(), s.keys.timersLease(), s.keys.timersData(), s.keys.timersOwner()}
	if err := finishTimerScript.Run(ctx, s.rdb, keys, id).Err(); err != nil {
		return fmt.Errorf("redisstore: finish timer %s: %w", id, err)
	}
	return nil
}

// SetTimers sets timers that belong to no incident change (e.g. cron-like
// sweeps); incident timers are set through Commit.
func (s *Store) SetTimers(ctx context.Context, timers ...incident.Timer) error {
	pipe := s.rdb.TxPipeline()
	for _, t := range timers {
		b, err := json.Marshal(t)
		if err != nil {
			return fmt.Errorf("redisstore: encode timer: %w", err)
		}
		pipe.ZAdd(ctx, s.keys.timersDue(), redis.Z{Score: float64(t.Due.UnixMilli()), Member: t.ID})
		pipe.HSet(ctx, s.keys.timersData(), t.ID, b)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("redisstore: set timers: %w", err)
	}
	return nil
}

// NextTimer returns when the earliest pending timer is due (or a lease runs
// out); ok is false when there is none.
func (s *Store) NextTimer(ctx context.Context) (due time.Time, ok bool, err error) {
	for _, key := range []string{s.keys.timersDue(), s.keys.timersLease()} {
		z, err := s.rdb.ZRangeWithScores(ctx, key, 0, 0).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return time.Time{}, false, fmt.Errorf("redisstore: next timer: %w", err)
		}
		if len(z) == 1 {
			t := time.UnixMilli(int64(z[0].Score))
			if !ok || t.Before(due) {
				due, ok = t, true
			}
		}
	}
	return due, ok, nil
}

// AnyTimerDue reports whether a timer waits that is due at now: one read,
// cheaper than a claim, for a loop that looks often and claims when there
// is something to claim. Timers whose lease ran out are not counted (only
// ClaimTimers brings those back).
func (s *Store) AnyTimerDue(ctx context.Context, now time.Time) (bool, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keys.timersDue(), &redis.ZRangeBy{
		Min: "-inf", Max: strconv.FormatInt(now.UnixMilli(), 10), Count: 1}).Result()
	if err != nil {
		return false, fmt.Errorf("redisstore: look for due timers: %w", err)
	}
	return len(ids) > 0, nil
}

// PendingTimers counts timers waiting or in flight.
func (s *Store) PendingTimers(ctx context.Context) (int64, error) {
	n, err := s.rdb.HLen(ctx, s.keys.timersData()).Result()
	if err != nil {
		return 0, fmt.Errorf("redisstore: count timers: %w", err)
	}
	return n, nil
}

// TimerDue returns when timer id is due; ok is false when it is neither
// pending nor in flight. A timer a worker has claimed and not yet finished
// keeps the due time it was set for: a reader looking at the ladder at the
// very moment it steps sees the step under way, not a ladder with nothing
// next.
func (s *Store) TimerDue(ctx context.Context, id string) (time.Time, bool, error) {
	score, err := s.rdb.ZScore(ctx, s.keys.timersDue(), id).Result()
	if err == nil {
		return time.UnixMilli(int64(score)), true, nil
	}
	if !errors.Is(err, redis.Nil) {
		return time.Time{}, false, fmt.Errorf("redisstore: timer %s: %w", id, err)
	}
	return s.inFlightDue(ctx, id)
}

// inFlightDue returns the due time of timer id while it is leased.
func (s *Store) inFlightDue(ctx context.Context, id string) (time.Time, bool, error) {
	if err := s.rdb.ZScore(ctx, s.keys.timersLease(), id).Err(); errors.Is(err, redis.Nil) {
		return time.Time{}, false, nil
	} else if err != nil {
		return time.Time{}, false, fmt.Errorf("redisstore: timer %s: %w", id, err)
	}
	b, err := s.rdb.HGet(ctx, s.keys.timersData(), id).Bytes()
	if errors.Is(err, redis.Nil) {
		return time.Time{}, false, nil // finished between the two reads
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("redisstore: timer %s: %w", id, err)
	}
	var t incident.Timer
	if err := json.Unmarshal(b, &t); err != nil || t.Due.IsZero() {
		return time.Time{}, false, fmt.Errorf("redisstore: timer %s: undecodable data", id)
	}
	return t.Due, true, nil
}

// EnsureTimer sets t unless a timer with its ID is pending, due or in
// flight (every replica calls it at start; the first one wins).
func (s *Store) EnsureTimer(ctx context.Context, t incident.Timer) error {
	b, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("redisstore: encode timer: %w", err)
	}
	keys := []string{s.keys.timersDue(), s.keys.timersLease(), s.keys.timersData()}
	if err := ensureTimerScript.Run(ctx, s.rdb, keys, t.ID, t.Due.UnixMilli(), b).Err(); err != nil {
		return fmt.Errorf("redisstore: ensure timer %s: %w", t.ID, err)
	}
	return nil
}
