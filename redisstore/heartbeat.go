package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// ProcessDeadAfter is how long a process may be silent (no Heartbeat)
// before what it holds is taken over: five beats of 2 s missed.
const ProcessDeadAfter = 10 * time.Second

// forgetProcesses is how long a silent process stays in the heartbeat
// hash: long after anything it held has been taken over.
const forgetProcesses = 24 * time.Hour

// Heartbeat records, on Redis's clock, that process is alive: while it
// beats, nobody takes over what its workers hold before it goes stale
// (ClaimStale); once it stops, ClaimOrphans does, within seconds. The
// embedded store has one process and needs none.
func (s *Store) Heartbeat(ctx context.Context, process string) error {
	if s.embed != nil {
		return nil
	}
	err := s.run(ctx, heartbeatScript, []string{s.keys.heartbeats()}, process, forgetProcesses.Milliseconds()).Err()
	if err != nil {
		return fmt.Errorf("redisstore: heartbeat: %w", err)
	}
	return nil
}

// ClaimOrphans takes over, for consumer, up to count outbox entries idle
// for at least minIdle whose process has not beaten for deadAfter: it
// died, and what it held need not wait the 30 s of ClaimStale. Entries of
// a process never seen beating are left to ClaimStale. Pages come first.
func (s *Store) ClaimOrphans(ctx context.Context, consumer string, minIdle, deadAfter time.Duration, count int64) ([]OutboxEntry, error) {
	if s.embed != nil {
		return nil, nil
	}
	streams := s.outboxStreams()
	cmd := s.run(ctx, claimOrphansScript, append([]string{s.keys.heartbeats()}, streams...),
		outboxGroup, consumer, minIdle.Milliseconds(), deadAfter.Milliseconds(), count)
	claimed := make([][]redis.XMessage, len(streams))
	raw, _ := cmd.Val().([]any)
	for _, r := range raw {
		if k, m, ok := orphan(r); ok && k >= 1 && k <= len(streams) {
			claimed[k-1] = append(claimed[k-1], m)
		}
	}
	err := cmd.Err()
	switch {
	case errors.Is(err, ErrNotReplicated):
		// Claimed but not confirmed: released for the next take-over.
		for k, msgs := range claimed {
			s.releaseUnconfirmed(ctx, streams[k], consumer, msgs)
		}
		return nil, err
	case err != nil && strings.Contains(err.Error(), "NOGROUP"):
		return nil, nil // the next read makes the group again
	case err != nil:
		return nil, fmt.Errorf("redisstore: claim orphaned outbox entries: %w", err)
	}
	var out []OutboxEntry
	for k, msgs := range claimed {
		out = append(out, takenOver(s, streams[k], msgs)...)
	}
	return out, nil
}

// orphan reads one {stream number, entry ID, fields} of claim_orphans.
func orphan(r any) (int, redis.XMessage, bool) {
	item, ok := r.([]any)
	if !ok || len(item) != 3 {
		return 0, redis.XMessage{}, false
	}
	k, _ := item[0].(int64)
	id, _ := item[1].(string)
	fields, _ := item[2].([]any)
	values := map[string]any{}
	for i := 0; i+1 < len(fields); i += 2 {
		if name, ok := fields[i].(string); ok {
			values[name] = fields[i+1]
		}
	}
	return int(k), redis.XMessage{ID: id, Values: values}, id != ""
}
