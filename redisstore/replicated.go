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
		conn, err := s.waitConn(ctx)
		if err != nil {
			cmd := redis.NewCmd(ctx)
			cmd.SetErr(err)
			return cmd
		}
		pipe := conn.Pipeline()
		cmd := sc.EvalSha(ctx, pipe, keys, args...)
		wait := pipe.Do(ctx, "WAIT", s.wait, s.waitTimeout.Milliseconds())
		pipe.Exec(ctx) // errors are read per command below
		if err := cmd.Err(); err != nil {
			if attempt == 0 && redis.HasErrorPrefix(err, "NOSCRIPT") {
				// The primary's script cache is empty (a restart, a failover).
				if err := sc.Load(ctx, conn).Err(); err != nil {
					cmd.SetErr(err)
					return cmd
				}
				continue
			}
			s.movedOn(ctx, err)
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
	conn, err := s.waitConn(ctx)
	if err != nil {
		return err
	}
	pipe := conn.Pipeline()
	queue(pipe)
	wait := pipe.Do(ctx, "WAIT", s.wait, s.waitTimeout.Milliseconds())
	if _, err := pipe.Exec(ctx); err != nil {
		s.movedOn(ctx, err)
	}
	return s.waited(wait)
}

// waitConn is the client whose pipeline carries a write and the WAIT that
// must follow it down the same connection to the primary holding the
// tenant's keys. A Cluster client splits a pipeline by key slot and sends a
// keyless WAIT to any node, so on a Cluster it is the slot's primary itself.
func (s *Store) waitConn(ctx context.Context) (redis.UniversalClient, error) {
	cc, ok := s.rdb.(*redis.ClusterClient)
	if !ok {
		return s.rdb, nil
	}
	node, err := cc.MasterForKey(ctx, s.keys.seq())
	if err != nil {
		return nil, fmt.Errorf("redisstore: the primary of the tenant's slot: %w", err)
	}
	return node, nil
}

// movedOn makes a Cluster client learn the slots again after a write sent
// straight to a node failed: that node may no longer be the slot's primary
// (a failover), and the next waitConn must find the new one.
func (s *Store) movedOn(ctx context.Context, err error) {
	if cc, ok := s.rdb.(*redis.ClusterClient); ok && err != nil {
		cc.ReloadState(ctx)
	}
}
