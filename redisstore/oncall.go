package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/tandemhq/tandem/incident"
)

// maxOnCallAudit bounds the on-call audit stream (oldest trimmed first).
const maxOnCallAudit = 10000

// AddOnCallChange stores an override or swap under a new ID ("OV-n") and
// writes its audit line in the same transaction; it returns the change with
// its ID set.
func (s *Store) AddOnCallChange(ctx context.Context, c incident.OnCallChange) (incident.OnCallChange, error) {
	n, err := s.rdb.Incr(ctx, s.keys.oncallSeq()).Result()
	if err != nil {
		return c, fmt.Errorf("redisstore: next on-call change id: %w", err)
	}
	c.ID = "OV-" + strconv.FormatInt(n, 10)
	body, err := json.Marshal(c)
	if err != nil {
		return c, fmt.Errorf("redisstore: encode %s: %w", c.ID, err)
	}
	audit := incident.OnCallAudit{At: c.At, By: c.By, Action: "added", Change: c}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, s.keys.oncall(), c.ID, body)
		return s.addAudit(ctx, p, audit)
	})
	if err != nil {
		return c, fmt.Errorf("redisstore: store %s: %w", c.ID, err)
	}
	return c, nil
}

// RemoveOnCallChange deletes change id and audits who removed it; an
// unknown id is incident.ENotFound.
func (s *Store) RemoveOnCallChange(ctx context.Context, id string, by incident.Actor, at time.Time) (incident.OnCallChange, error) {
	id = strings.ToUpper(id)
	var c incident.OnCallChange
	body, err := s.rdb.HGet(ctx, s.keys.oncall(), id).Bytes()
	if errors.Is(err, redis.Nil) {
		return c, incident.Errorf(incident.ENotFound, "there is no override or swap %s", id)
	}
	if err != nil {
		return c, fmt.Errorf("redisstore: read %s: %w", id, err)
	}
	if err := json.Unmarshal(body, &c); err != nil {
		return c, fmt.Errorf("redisstore: decode %s: %w", id, err)
	}
	audit := incident.OnCallAudit{At: at, By: by, Action: "removed", Change: c}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HDel(ctx, s.keys.oncall(), id)
		return s.addAudit(ctx, p, audit)
	})
	if err != nil {
		return c, fmt.Errorf("redisstore: remove %s: %w", id, err)
	}
	return c, nil
}

func (s *Store) addAudit(ctx context.Context, p redis.Pipeliner, a incident.OnCallAudit) error {
	line, err := json.Marshal(a)
	if err != nil {
		return err
	}
	p.XAdd(ctx, &redis.XAddArgs{Stream: s.keys.oncallAudit(), MaxLen: maxOnCallAudit, Approx: true,
		Values: map[string]any{"entry": line}})
	return nil
}

// OnCallChanges returns every stored override and swap, in the order they
// were made (by ID number).
func (s *Store) OnCallChanges(ctx context.Context) ([]incident.OnCallChange, error) {
	all, err := s.rdb.HGetAll(ctx, s.keys.oncall()).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: read on-call changes: %w", err)
	}
	out := make([]incident.OnCallChange, 0, len(all))
	for id, body := range all {
		var c incident.OnCallChange
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			return nil, fmt.Errorf("redisstore: decode %s: %w", id, err)
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return changeNumber(out[i].ID) < changeNumber(out[j].ID) })
	return out, nil
}

func changeNumber(id string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "OV-"))
	return n
}

// OnCallAudit returns the on-call audit trail, oldest first.
func (s *Store) OnCallAudit(ctx context.Context) ([]incident.OnCallAudit, error) {
	msgs, err := s.rdb.XRange(ctx, s.keys.oncallAudit(), "-", "+").Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: read on-call audit: %w", err)
	}
	out := make([]incident.OnCallAudit, 0, len(msgs))
	for _, m := range msgs {
		var a incident.OnCallAudit
		line, _ := m.Values["entry"].(string)
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			return nil, fmt.Errorf("redisstore: decode on-call audit %s: %w", m.ID, err)
		}
		out = append(out, a)
	}
	return out, nil
}
