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

// OpenedBetween returns the incidents whose (latest) opening is in
// [from, to), oldest first, from the idx:opened index that every commit
// keeps.
func (s *Store) OpenedBetween(ctx context.Context, from, to time.Time) ([]incident.Incident, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keys.opened(), &redis.ZRangeBy{
		Min: strconv.FormatInt(from.UnixMilli(), 10), Max: "(" + strconv.FormatInt(to.UnixMilli(), 10),
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: incidents opened between %s and %s: %w", from, to, err)
	}
	return s.load(ctx, ids)
}

// load reads incidents by ID in one round trip, in the order given; an ID
// whose incident is gone is left out.
func (s *Store) load(ctx context.Context, ids []string) ([]incident.Incident, error) {
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.StringCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.HGet(ctx, s.keys.incident(id), "data")
	}
	if len(ids) > 0 {
		if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
			return nil, fmt.Errorf("redisstore: load incidents: %w", err)
		}
	}
	out := make([]incident.Incident, 0, len(ids))
	for _, c := range cmds {
		data, err := c.Bytes()
		if err != nil {
			continue // removed between the index read and the load
		}
		inc, err := decodeIncident(data)
		if err != nil {
			return nil, err
		}
		out = append(out, inc)
	}
	return out, nil
}

// AuditEntry is one stored timeline entry as an auditor reads it: decoded
// when it can be, with the decoding error when it cannot (an entry edited
// by hand into something that is not an event is a finding, not a crash).
type AuditEntry struct {
	Pos   string
	Event incident.Event
	Err   error
}

// AuditTimeline returns every entry of incident id's timeline, in order,
// each decoded on its own.
func (s *Store) AuditTimeline(ctx context.Context, id string) ([]AuditEntry, error) {
	msgs, err := s.rdb.XRange(ctx, s.keys.timeline(id), "-", "+").Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: timeline %s: %w", id, err)
	}
	out := make([]AuditEntry, len(msgs))
	for i, m := range msgs {
		out[i].Pos = m.ID
		raw, ok := m.Values["e"].(string)
		if !ok || len(m.Values) != 1 {
			out[i].Err = fmt.Errorf("the stream entry should hold exactly one field \"e\"; it holds %d field(s)", len(m.Values))
			continue
		}
		if err := json.Unmarshal([]byte(raw), &out[i].Event); err != nil {
			out[i].Err = fmt.Errorf("not a timeline event: %w", err)
		}
	}
	return out, nil
}
