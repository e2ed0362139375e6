package redisstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/tandemhq/tandem/incident"
)

// Page is one page of incidents, newest (highest number) first. Next is
// the number to pass as before for the following page, 0 on the last.
type Page struct {
	Incidents []incident.Incident
	Next      int64
}

// ListPage returns up to limit incidents in the given statuses whose
// number is below before (0: from the newest), newest first. The status
// indexes are scored by incident number, so each page is one bounded
// range read per status, however many incidents there are.
func (s *Store) ListPage(ctx context.Context, before int64, limit int, statuses ...incident.Status) (Page, error) {
	max := "+inf"
	if before > 0 {
		max = "(" + strconv.FormatInt(before, 10)
	}
	var zs []redis.Z
	for _, st := range statuses {
		got, err := s.rdb.ZRevRangeByScoreWithScores(ctx, s.keys.status(string(st)), &redis.ZRangeBy{
			Min: "-inf", Max: max, Count: int64(limit) + 1,
		}).Result()
		if err != nil {
			return Page{}, fmt.Errorf("redisstore: list %s: %w", st, err)
		}
		zs = append(zs, got...)
	}
	slices.SortFunc(zs, func(a, b redis.Z) int { return int(b.Score - a.Score) })
	// An incident read while it moved between two status indexes shows twice.
	zs = slices.CompactFunc(zs, func(a, b redis.Z) bool { return a.Member == b.Member })
	var page Page
	if len(zs) > limit {
		zs = zs[:limit]
		page.Next = int64(zs[limit-1].Score)
	}
	ids := make([]string, len(zs))
	for i, z := range zs {
		ids[i], _ = z.Member.(string)
	}
	incs, err := s.load(ctx, ids)
	page.Incidents = incs
	return page, err
}
