package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/redis/go-redis/v9"

	"github.com/tandemhq/tandem/incident"
)

// ErrStale is incident.ErrStale: the incident changed since it was read.
var ErrStale = incident.ErrStale

// Change is incident.Change.
type Change = incident.Change

// Commit writes c atomically (one Lua script) if the incident is still at
// version c.Before, and returns the new version. It returns ErrStale when
// another change got there first.
//
// Commit links c's events into the timeline's hash chain from
// c.Incident.Head, the head read with the incident at version c.Before, and
// stores the new head with it, keyed with Options.AuditKey when set. The
// version guard makes that consistent:
// the chain is extended only from the head it was computed from.
func (s *Store) Commit(ctx context.Context, c Change) (int64, error) {
	c.Incident.Version = c.Before + 1
	c.Events, c.Incident.Head = incident.Chain(c.Incident.ID, c.Incident.Head, c.Events, s.auditKey)
	data, err := json.Marshal(c.Incident)
	if err != nil {
		return 0, fmt.Errorf("redisstore: encode %s: %w", c.Incident.ID, err)
	}
	ops, err := s.changeOps(c)
	if err != nil {
		return 0, err
	}
	args := append([]any{c.Before, data, ops.count}, ops.args...)
	res, err := s.run(ctx, commitScript, []string{s.keys.incident(c.Incident.ID)}, args...).Int()
	if err != nil {
		return 0, fmt.Errorf("redisstore: commit %s: %w", c.Incident.ID, err)
	}
	if res == 0 {
		return 0, ErrStale
	}
	return c.Incident.Version, nil
}

// opList accumulates Redis commands for the commit script.
type opList struct {
	count int
	args  []any
}

func (o *opList) add(cmd ...any) {
	o.count++
	o.args = append(o.args, len(cmd))
	o.args = append(o.args, cmd...)
}

// changeOps lists the commands that write c: indexes, timeline entries,
// effects, alert states and timers, in that order.
func (s *Store) changeOps(c Change) (*opList, error) {
	ops := &opList{}
	s.indexOps(ops, c.Incident)
	for _, step := range []func(*opList, Change) error{s.eventOps, s.effectOps, s.alertOps, s.timerOps} {
		if err := step(ops, c); err != nil {
			return nil, err
		}
	}
	return ops, nil
}

// indexOps files the incident under its status, resolution time (retention
// finds incidents by it) and opening time (reports; a reopening moves it).
func (s *Store) indexOps(ops *opList, inc incident.Incident) {
	for _, st := range []incident.Status{incident.StatusOpen, incident.StatusAcked, incident.StatusResolved} {
		if st != inc.Status {
			ops.add("ZREM", s.keys.status(string(st)), inc.ID)
		}
	}
	ops.add("ZADD", s.keys.status(string(inc.Status)), inc.Number(), inc.ID)
	ops.add(s.resolvedIndexOp(inc)...)
	ops.add("ZADD", s.keys.opened(), inc.OpenedAt.UnixMilli(), inc.ID)
}

func (s *Store) eventOps(ops *opList, c Change) error {
	for _, e := range c.Events {
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("redisstore: encode event: %w", err)
		}
		ops.add("XADD", s.keys.timeline(c.Incident.ID), "*", "e", b)
	}
	return nil
}

func (s *Store) effectOps(ops *opList, c Change) error {
	for _, e := range c.Effects {
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("redisstore: encode effect: %w", err)
		}
		if e.Kind == incident.EffectRoomSync {
			ops.add("SYNCONCE", s.keys.syncPending(e.Incident, e.Platform), s.keys.outbox(), b)
			continue
		}
		ops.add("XADD", s.streamOf(e), "*", "e", b)
	}
	return nil
}

func (s *Store) alertOps(ops *opList, c Change) error {
	if len(c.Alerts) == 0 {
		return nil
	}
	args := []any{"HSET", s.keys.alerts(c.Incident.ID)}
	for fp, st := range c.Alerts {
		b, err := json.Marshal(st)
		if err != nil {
			return fmt.Errorf("redisstore: encode alert: %w", err)
		}
		args = append(args, fp, b)
	}
	ops.add(args...)
	return nil
}

func (s *Store) timerOps(ops *opList, c Change) error {
	if c.FinishTimer != "" {
		ops.add("ZREM", s.keys.timersLease(), c.FinishTimer)
		ops.add("HDEL", s.keys.timersOwner(), c.FinishTimer)
		ops.add("HDEL", s.keys.timersData(), c.FinishTimer)
	}
	for _, t := range c.Cancel {
		ops.add("ZREM", s.keys.timersDue(), t)
		ops.add("ZREM", s.keys.timersLease(), t)
		ops.add("HDEL", s.keys.timersOwner(), t)
		ops.add("HDEL", s.keys.timersData(), t)
	}
	for _, t := range c.Timers {
		b, err := json.Marshal(t)
		if err != nil {
			return fmt.Errorf("redisstore: encode timer: %w", err)
		}
		ops.add("ZADD", s.keys.timersDue(), t.Due.UnixMilli(), t.ID)
		ops.add("HSET", s.keys.timersData(), t.ID, b)
	}
	return nil
}

// NextID allocates the next incident ID.
func (s *Store) NextID(ctx context.Context) (string, error) {
	n, err := s.rdb.Incr(ctx, s.keys.seq()).Result()
	if err != nil {
		return "", fmt.Errorf("redisstore: next incident number: %w", err)
	}
	return incident.FormatID(n), nil
}

// ClaimDedup returns the incident of a dedup key, allocating a new incident
// ID when the key is new or still points at replace (a resolved incident too
// old to reopen). created tells whether the ID is new; the caller then
// creates the incident with Commit (Before 0). Concurrent claims of one key
// get the same ID, and only one of them gets created == true.
func (s *Store) ClaimDedup(ctx context.Context, key, replace string) (id string, created bool, err error) {
	res, err := claimDedupScript.Run(ctx, s.rdb, []string{s.keys.dedup(key), s.keys.seq()}, replace).Slice()
	if err != nil {
		return "", false, fmt.Errorf("redisstore: claim dedup key: %w", err)
	}
	id, _ = res[0].(string)
	n, _ := res[1].(int64)
	return id, n == 1, nil
}

// Get loads an incident; a missing one is an incident.ENotFound error.
func (s *Store) Get(ctx context.Context, id string) (incident.Incident, error) {
	data, err := s.rdb.HGet(ctx, s.keys.incident(id), "data").Bytes()
	if errors.Is(err, redis.Nil) {
		return incident.Incident{}, incident.Errorf(incident.ENotFound, "%s does not exist", id)
	}
	if err != nil {
		return incident.Incident{}, fmt.Errorf("redisstore: get %s: %w", id, err)
	}
	return decodeIncident(data)
}

func decodeIncident(data []byte) (incident.Incident, error) {
	var inc incident.Incident
	if err := json.Unmarshal(data, &inc); err != nil {
		return inc, fmt.Errorf("redisstore: decode incident: %w", err)
	}
	return inc, nil
}

// List returns the incidents in the given statuses, oldest first.
func (s *Store) List(ctx context.Context, statuses ...incident.Status) ([]incident.Incident, error) {
	var ids []string
	for _, st := range statuses {
		got, err := s.rdb.ZRange(ctx, s.keys.status(string(st)), 0, -1).Result()
		if err != nil {
			return nil, fmt.Errorf("redisstore: list %s: %w", st, err)
		}
		ids = append(ids, got...)
	}
	out, err := s.load(ctx, ids)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b incident.Incident) int { return int(a.Number() - b.Number()) })
	return out, nil
}

// Entry is a timeline event with its position in the timeline stream.
type Entry struct {
	Pos   string // stream entry ID; later entries compare greater
	Event incident.Event
}

// Timeline returns an incident's whole timeline in order.
func (s *Store) Timeline(ctx context.Context, id string) ([]incident.Event, error) {
	entries, err := s.TimelineAfter(ctx, id, "", 0)
	if err != nil {
		return nil, err
	}
	out := make([]incident.Event, len(entries))
	for i, e := range entries {
		out[i] = e.Event
	}
	return out, nil
}

// TimelineAfter returns up to count entries after position pos ("" from
// the start; count 0 for all).
func (s *Store) TimelineAfter(ctx context.Context, id, pos string, count int64) ([]Entry, error) {
	start := "-"
	if pos != "" {
		start = "(" + pos
	}
	var msgs []redis.XMessage
	var err error
	if count > 0 {
		msgs, err = s.rdb.XRangeN(ctx, s.keys.timeline(id), start, "+", count).Result()
	} else {
		msgs, err = s.rdb.XRange(ctx, s.keys.timeline(id), start, "+").Result()
	}
	if err != nil {
		return nil, fmt.Errorf("redisstore: timeline %s: %w", id, err)
	}
	out := make([]Entry, 0, len(msgs))
	for _, m := range msgs {
		var e incident.Event
		raw, _ := m.Values["e"].(string)
		if err := json.Unmarshal([]byte(raw), &e); err != nil {
			return nil, fmt.Errorf("redisstore: decode timeline entry %s of %s: %w", m.ID, id, err)
		}
		out = append(out, Entry{Pos: m.ID, Event: e})
	}
	return out, nil
}

// AlertStates returns the stored state of the given fingerprints of an
// incident; fingerprints never seen are absent.
func (s *Store) AlertStates(ctx context.Context, id string, fingerprints []string) (map[string]incident.AlertState, error) {
	out := make(map[string]incident.AlertState, len(fingerprints))
	if len(fingerprints) == 0 {
		return out, nil
	}
	vals, err := s.rdb.HMGet(ctx, s.keys.alerts(id), fingerprints...).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: alert states of %s: %w", id, err)
	}
	for i, v := range vals {
		raw, ok := v.(string)
		if !ok {
			continue
		}
		var st incident.AlertState
		if err := json.Unmarshal([]byte(raw), &st); err != nil {
			return nil, fmt.Errorf("redisstore: decode alert state: %w", err)
		}
		out[fingerprints[i]] = st
	}
	return out, nil
}

// SyncStarted clears the room's "sync pending" flag: changes committed
// from now on queue a new room.sync effect. A worker calls it before it
// reads what to post.
func (s *Store) SyncStarted(ctx context.Context, id, platform string) error {
	if err := s.rdb.Del(ctx, s.keys.syncPending(id, platform)).Err(); err != nil {
		return fmt.Errorf("redisstore: clear sync flag: %w", err)
	}
	return nil
}
