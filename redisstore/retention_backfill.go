package redisstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/tandemhq/tandem/incident"
)

// backfillBatch is how many resolved incidents one backfill step reads.
const backfillBatch = 500

// BackfillResolvedIndex adds the incidents resolved before idx:resolvedat
// existed (stores older than retention) to it, once: it walks the resolved
// status index in batches and marks the store done. It is idempotent
// (ZADD NX), so replicas running it at once or a run cut short do no harm;
// an entry that went stale meanwhile (the incident reopened) is corrected
// by the sweep (Reindex). It returns how many incidents it looked at.
func (s *Store) BackfillResolvedIndex(ctx context.Context) (int, error) {
	done, err := s.rdb.Exists(ctx, s.keys.resolvedAtFilled()).Result()
	if err != nil || done == 1 {
		return 0, wrapBackfill(err)
	}
	seen := 0
	for start := int64(0); ; start += backfillBatch {
		ids, err := s.rdb.ZRange(ctx, s.keys.status(string(incident.StatusResolved)), start, start+backfillBatch-1).Result()
		if err != nil {
			return seen, wrapBackfill(err)
		}
		if err := s.backfill(ctx, ids); err != nil {
			return seen, err
		}
		seen += len(ids)
		if len(ids) < backfillBatch {
			break
		}
	}
	return seen, wrapBackfill(s.rdb.Set(ctx, s.keys.resolvedAtFilled(), "1", 0).Err())
}

func (s *Store) backfill(ctx context.Context, ids []string) error {
	incs, err := s.load(ctx, ids)
	if err != nil {
		return err
	}
	pipe := s.rdb.Pipeline()
	for _, inc := range incs {
		if inc.Status == incident.StatusResolved {
			pipe.ZAddNX(ctx, s.keys.resolvedAt(), redis.Z{Score: float64(inc.ResolvedAt.UnixMilli()), Member: inc.ID})
		}
	}
	if len(incs) == 0 {
		return nil
	}
	_, err = pipe.Exec(ctx)
	return wrapBackfill(err)
}

func wrapBackfill(err error) error {
	if err == nil || errors.Is(err, redis.Nil) {
		return nil
	}
	return fmt.Errorf("redisstore: backfill the resolved-at index: %w", err)
}
