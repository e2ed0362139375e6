package redisstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// ErrNotReplicated says a change was written on the primary but fewer
// replicas than Options.WaitReplicas confirmed it within WaitTimeout. Redis
// replicates asynchronously, so a failover now could lose it: it is not
// acknowledged (a webhook answers 503 and its source retries; the retry
// finds the change already made and changes nothing).
var ErrNotReplicated = errors.New("redisstore: not confirmed by enough replicas")

// run runs a script that writes something the caller acknowledges to the
// outside (a commit, a delivered effect). With WaitReplicas set, the script
// and a WAIT go down one connection in one pipeline, so WAIT covers this
// write (and, the replication stream being ordered, every earlier one).
func (s *Store) run(ctx context.Context, sc *redis.Script, keys []string, args ...any) *redis.Cmd {
	if s.wait <= 0 {
		return sc.Run(ctx, s.rdb, keys, args...)
	}
	for attempt := 0; ; attempt++ {
		pipe := s.rdb.Pipeline()
		cmd := sc.EvalSha(ctx, pipe, keys, args...)
		wait := pipe.Do(ctx, "WAIT", s.wait, s.waitTimeout.Milliseconds())
		pipe.Exec(ctx) // errors are read per command below
		if err := cmd.Err(); err != nil {
			if attempt == 0 && redis.HasErrorPrefix(err, "NOSCRIPT") {
				// The primary's script cache is empty (a restart, a failover).
				if err := sc.Load(ctx, s.rdb).Err(); err != nil {
					cmd.SetErr(err)
					return cmd
				}
				continue
			}
			return cmd
		}
		if err := s.waited(wait); err != nil {
			cmd.SetErr(err)
		}
		return cmd
	}
}

// waited reads the answer of a WAIT: nil once enough replicas have it.
func (s *Store) waited(wait *redis.Cmd) error {
	n, err := wait.Int()
	switch {
	case err != nil:
		return fmt.Errorf("WAIT: %w", err)
	case n < s.wait:
		return fmt.Errorf("%w (%d of %d within %s)", ErrNotReplicated, n, s.wait, s.waitTimeout)
	}
	return nil
}

// replicated runs queue's commands and, with WaitReplicas set, a WAIT after
// them on the same connection: for the outbox reads, whose claim on an
// entry must be on a replica before the entry is delivered (else, after a
// failover, the entry is new again and a second worker delivers it too).
// It returns the WAIT's verdict; each queued command carries its own.
func (s *Store) replicated(ctx context.Context, queue func(redis.Cmdable)) error {
	if s.wait <= 0 {
		queue(s.rdb)
		return nil
	}
	pipe := s.rdb.Pipeline()
	queue(pipe)
	wait := pipe.Do(ctx, "WAIT", s.wait, s.waitTimeout.Milliseconds())
	pipe.Exec(ctx) // errors are read per command
	return s.waited(wait)
}
