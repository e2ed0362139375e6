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

// Claims expire only to collect garbage: no timing depends on it (the
// embedded store never expires them, which changes nothing but memory).
const (
	rememberJobs = 90 * 24 * time.Hour // a job firing is claimed long after it could run again
	rememberOnce = 7 * 24 * time.Hour  // retries (Slack's, PagerDuty's) come within hours
)

// EnqueueJob claims the firing of scheduled job name at at and enqueues
// its effects, in one step: with several replicas, or a firing run again
// after a crash, exactly one call gets true and enqueues; the others get
// false and enqueue nothing.
func (s *Store) EnqueueJob(ctx context.Context, name string, at time.Time, effects ...incident.Effect) (bool, error) {
	keys := []string{s.keys.job(name + ":" + strconv.FormatInt(at.Unix(), 10))}
	args := []any{int(rememberJobs.Seconds())}
	for _, e := range effects {
		b, err := json.Marshal(e)
		if err != nil {
			return false, fmt.Errorf("redisstore: encode effect: %w", err)
		}
		keys = append(keys, s.streamOf(e))
		args = append(args, string(b))
	}
	n, err := s.run(ctx, enqueueJobScript, keys, args...).Int()
	if err != nil {
		return false, fmt.Errorf("redisstore: job %s: %w", name, err)
	}
	return n == 1, nil
}

// ClaimOnce returns true the first time it is called with key and false ever
// after: an idempotency key (a Slack retry, a PagerDuty webhook ID).
func (s *Store) ClaimOnce(ctx context.Context, key string) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, s.keys.once(key), "1", rememberOnce).Result()
	if err != nil {
		return false, fmt.Errorf("redisstore: claim %s: %w", key, err)
	}
	return ok, nil
}

// Claimed reports whether key was claimed by ClaimOnce (and is still
// remembered): a look that claims nothing, for events marked seen only
// once they were handled.
func (s *Store) Claimed(ctx context.Context, key string) (bool, error) {
	n, err := s.rdb.Exists(ctx, s.keys.once(key)).Result()
	if err != nil {
		return false, fmt.Errorf("redisstore: look up claim %s: %w", key, err)
	}
	return n == 1, nil
}

// Count adds one to counter key and returns its new value. The caller puts
// the period in the key (a minute's number, say); the counter expires
// after forget only to collect garbage: no timing depends on it.
func (s *Store) Count(ctx context.Context, key string, forget time.Duration) (int64, error) {
	k := s.keys.count(key)
	pipe := s.rdb.TxPipeline()
	n := pipe.Incr(ctx, k)
	pipe.Expire(ctx, k, forget)
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, fmt.Errorf("redisstore: count %s: %w", key, err)
	}
	return n.Val(), nil
}

// Lock takes (or renews) lock name for owner until now+lease. It never
// relies on key expiry: the lease deadline is stored and compared. A lock
// held by "<process>-<worker>/<n>" whose process has stopped its
// Heartbeat for ProcessDeadAfter is taken before its lease runs out.
func (s *Store) Lock(ctx context.Context, name, owner string, now time.Time, lease time.Duration) (bool, error) {
	n, err := lockScript.Run(ctx, s.rdb, []string{s.keys.lock(name), s.keys.heartbeats()},
		owner, now.UnixMilli(), now.Add(lease).UnixMilli(), ProcessDeadAfter.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("redisstore: lock %s: %w", name, err)
	}
	return n == 1, nil
}

// Unlock releases lock name if owner holds it.
func (s *Store) Unlock(ctx context.Context, name, owner string) error {
	if err := unlockScript.Run(ctx, s.rdb, []string{s.keys.lock(name)}, owner).Err(); err != nil {
		return fmt.Errorf("redisstore: unlock %s: %w", name, err)
	}
	return nil
}

// Room is what delivery keeps about an incident's room on one platform: the
// channel, the card message, and how far the timeline has been posted.
type Room struct {
	Channel string // platform channel ID ("" until created)
	Name    string // channel name
	Card    string // card message ID ("" until posted)
	Cursor  string // last timeline position posted
	Shown   string // incident.CardKey of what the card shows
	// Pending is what is being posted (PendingCard, or the timeline
	// position of a message), saved before the chat call: found set, the
	// post may have gone out before a crash, so the next attempt asks the
	// platform first (chat.PostKey.Retry).
	Pending string
	// Failed says why the room could not be created, for good; effects
	// waiting for the room then give up instead of waiting forever.
	Failed string
}

// PendingCard is Room.Pending while the card is being posted.
const PendingCard = "card"

// GetRoom loads the room state of incident id on platform.
func (s *Store) GetRoom(ctx context.Context, id, platform string) (Room, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.room(id, platform)).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return Room{}, fmt.Errorf("redisstore: get room %s/%s: %w", id, platform, err)
	}
	return Room{Channel: m["channel"], Name: m["name"], Card: m["card"], Cursor: m["cursor"], Shown: m["shown"], Failed: m["failed"], Pending: m["pending"]}, nil
}

// SaveRoom stores the room state of incident id on platform.
func (s *Store) SaveRoom(ctx context.Context, id, platform string, r Room) error {
	// One script, confirmed by the replicas when WaitReplicas is set: the
	// room records a delivery (its channel, card, cursor), which a failover
	// must not lose, or the room or a message would be made again.
	keys := []string{s.keys.room(id, platform), s.keys.roomIndex(platform, r.Channel)}
	err := s.run(ctx, saveRoomScript, keys, r.Channel, r.Name, r.Card, r.Cursor, r.Shown, r.Failed, id, r.Pending).Err()
	if err != nil {
		return fmt.Errorf("redisstore: save room %s/%s: %w", id, platform, err)
	}
	return nil
}

// IncidentByRoom returns the incident whose room is channel on platform, or
// "" when the channel is no incident's room.
func (s *Store) IncidentByRoom(ctx context.Context, platform, channel string) (string, error) {
	id, err := s.rdb.Get(ctx, s.keys.roomIndex(platform, channel)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("redisstore: room index: %w", err)
	}
	return id, nil
}
