package redisstore

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Health is what `tandem doctor` reads from the Redis server: whether it
// keeps what it acknowledged across a restart, whether it may evict keys
// under memory pressure, and its clock.
type Health struct {
	// AOF is true when the append-only file is on (INFO persistence
	// aof_enabled:1).
	AOF bool
	// RDBSave is the server's `save` setting ("" when snapshots are off);
	// Known is false when CONFIG GET was refused (managed Redis often
	// renames CONFIG), and then RDBSave and MaxmemoryPolicy are empty.
	RDBSave string
	// MaxmemoryPolicy is the server's maxmemory-policy ("noeviction"
	// keeps every key; the others may drop incidents or timers).
	MaxmemoryPolicy string
	Known           bool
	// Time is the server's clock (TIME), read once.
	Time time.Time
}

// Health reads the server's persistence, eviction policy and clock.
func (s *Store) Health(ctx context.Context) (Health, error) {
	var h Health
	info, err := s.rdb.Info(ctx, "persistence").Result()
	if err != nil {
		return h, fmt.Errorf("redisstore: INFO persistence: %w", err)
	}
	h.AOF = strings.Contains(info, "aof_enabled:1")
	if h.Time, err = s.rdb.Time(ctx).Result(); err != nil {
		return h, fmt.Errorf("redisstore: TIME: %w", err)
	}
	save, errSave := s.rdb.ConfigGet(ctx, "save").Result()
	policy, errPolicy := s.rdb.ConfigGet(ctx, "maxmemory-policy").Result()
	if errSave == nil && errPolicy == nil {
		h.Known, h.RDBSave, h.MaxmemoryPolicy = true, save["save"], policy["maxmemory-policy"]
	}
	return h, nil
}
