package redisstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/tandemhq/tandem/incident"
)

// stormCounterTTL only collects old per-minute counters. It never decides
// anything: the minute is in the key. It is long (an hour) so that a clock
// held inside one minute in tests, or a replica's clock running late, never
// sees a counter vanish while its minute is still current.
const stormCounterTTL = 3600

func (k keys) stormCount(source string, minute int64) string {
	return k.base + "storm:" + source + ":" + strconv.FormatInt(minute, 10)
}
func (k keys) stormRecord(source string) string { return k.base + "storm:" + source }

// ClaimGroup is ClaimDedup under the storm guard: in the same script it
// counts the claim in the source's counter of new groups for c.Minute when
// the key is new (or replaced), and past c.Limit points the key at the
// source's storm incident instead of a new incident. Two replicas together
// still open at most c.Limit ordinary incidents a minute per source.
func (s *Store) ClaimGroup(ctx context.Context, c incident.GroupClaim) (incident.GroupClaimed, error) {
	keys := []string{s.keys.dedup(c.Key), s.keys.seq()}
	if c.Limit > 0 {
		keys = append(keys, s.keys.stormCount(c.Source, c.Minute), s.keys.stormRecord(c.Source))
	}
	res, err := claimDedupScript.Run(ctx, s.rdb, keys, c.Replace, c.Limit, c.Minute, stormCounterTTL).Slice()
	if err != nil {
		return incident.GroupClaimed{}, fmt.Errorf("redisstore: claim alert group: %w", err)
	}
	if len(res) != 3 {
		return incident.GroupClaimed{}, fmt.Errorf("redisstore: claim alert group: %d results, want 3", len(res))
	}
	id, _ := res[0].(string)
	created, _ := res[1].(int64)
	role, _ := res[2].(int64)
	return incident.GroupClaimed{ID: id, Created: created == 1, Storm: incident.StormRole(role)}, nil
}
