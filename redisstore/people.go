package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Lookup is what a platform answered when asked who has an e-mail address:
// the user ID ("" when nobody has it) and when it answered.
type Lookup struct {
	ID string    `json:"id"`
	At time.Time `json:"at"`
}

// Lookups are kept in one hash, field "<platform>:<address>" (address in
// lower case), so a restart reuses them instead of asking again.
func lookupField(platform, email string) string {
	return platform + ":" + strings.ToLower(email)
}

// CachedLookup returns the lookup last remembered for email on platform;
// ok is false when there is none.
func (s *Store) CachedLookup(ctx context.Context, platform, email string) (l Lookup, ok bool, err error) {
	raw, err := s.rdb.HGet(ctx, s.keys.people(), lookupField(platform, email)).Result()
	if errors.Is(err, redis.Nil) {
		return Lookup{}, false, nil
	}
	if err != nil {
		return Lookup{}, false, fmt.Errorf("redisstore: cached lookup of %s on %s: %w", email, platform, err)
	}
	if err := json.Unmarshal([]byte(raw), &l); err != nil {
		return Lookup{}, false, nil // unreadable: look it up again
	}
	return l, true, nil
}

// RememberLookup stores what platform answered for email.
func (s *Store) RememberLookup(ctx context.Context, platform, email string, l Lookup) error {
	b, _ := json.Marshal(l)
	if err := s.rdb.HSet(ctx, s.keys.people(), lookupField(platform, email), b).Err(); err != nil {
		return fmt.Errorf("redisstore: remember lookup of %s on %s: %w", email, platform, err)
	}
	return nil
}
