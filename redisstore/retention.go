package redisstore

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/tandemhq/tandem/incident"
)

// Retention: resolved incidents are found by when they resolved
// (idx:resolvedat, kept by every commit), archived by the caller, then
// trimmed with everything they own by trim_incident.lua.

var (
	//go:embed scripts/trim_incident.lua
	trimIncidentLua    string
	trimIncidentScript = redis.NewScript(trimIncidentLua)
)

// resolvedAt is the index of resolved incidents scored by resolution time
// (ms); resolvedAtFilled marks that the one-time backfill of incidents
// resolved before the index existed has run.
func (k keys) resolvedAt() string       { return k.base + "idx:resolvedat" }
func (k keys) resolvedAtFilled() string { return k.base + "idx:resolvedat:filled" }

// incidentTimers are the timer kinds that belong to one incident (ID
// "INC-n/kind"); a trimmed incident takes any still pending with it.
var incidentTimers = []incident.TimerKind{
	incident.TimerLadder, incident.TimerRemindUnack, incident.TimerRemindUpdate,
	incident.TimerSLAAck, incident.TimerSLAResolve, incident.TimerRoomClose,
}

// resolvedIndexOp keeps idx:resolvedat in step with a commit: a resolved
// incident is in it at its resolution time, any other is not.
func (s *Store) resolvedIndexOp(inc incident.Incident) []any {
	if inc.Status == incident.StatusResolved {
		return []any{"ZADD", s.keys.resolvedAt(), inc.ResolvedAt.UnixMilli(), inc.ID}
	}
	return []any{"ZREM", s.keys.resolvedAt(), inc.ID}
}

// ResolvedBefore returns up to limit incidents resolved before t, those
// resolved longest ago first.
func (s *Store) ResolvedBefore(ctx context.Context, t time.Time, limit int64) ([]string, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keys.resolvedAt(), &redis.ZRangeBy{
		Min: "-inf", Max: "(" + strconv.FormatInt(t.UnixMilli(), 10), Count: limit,
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: incidents resolved before %s: %w", t, err)
	}
	return ids, nil
}

// Archivable is an incident with its whole timeline, read together, and
// the channels of its rooms (whose indexes it owns).
type Archivable struct {
	Incident incident.Incident
	Timeline []incident.Event
	channels map[string]string // platform → channel
}

// LoadArchivable reads incidents with their timelines in one transaction,
// so each timeline matches its incident's version and head. platforms are
// the chat platforms whose room state to look at besides those the
// incident names. IDs whose incident is gone are left out.
func (s *Store) LoadArchivable(ctx context.Context, ids, platforms []string) ([]Archivable, error) {
	type read struct {
		data  *redis.StringCmd
		tl    *redis.XMessageSliceCmd
		rooms map[string]*redis.StringCmd
	}
	reads := make([]read, len(ids))
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			r := read{data: p.HGet(ctx, s.keys.incident(id), "data"), tl: p.XRange(ctx, s.keys.timeline(id), "-", "+"), rooms: map[string]*redis.StringCmd{}}
			for _, pl := range platforms {
				r.rooms[pl] = p.HGet(ctx, s.keys.room(id, pl), "channel")
			}
			reads[i] = r
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("redisstore: load incidents to archive: %w", err)
	}
	out := make([]Archivable, 0, len(ids))
	var gone []any
	for i, r := range reads {
		data, err := r.data.Bytes()
		if err != nil {
			gone = append(gone, ids[i])
			continue
		}
		a, err := s.archivable(data, r.tl.Val(), r.rooms)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, s.forget(ctx, gone)
}

// forget drops index entries of incidents that are gone (trimmed by
// another sweep while a backfill added them back): an ID is never used
// again, so its entry can only be stale.
func (s *Store) forget(ctx context.Context, ids []any) error {
	if len(ids) == 0 {
		return nil
	}
	if err := s.rdb.ZRem(ctx, s.keys.resolvedAt(), ids...).Err(); err != nil {
		return fmt.Errorf("redisstore: drop trimmed incidents from the index: %w", err)
	}
	return nil
}

func (s *Store) archivable(data []byte, msgs []redis.XMessage, rooms map[string]*redis.StringCmd) (Archivable, error) {
	inc, err := decodeIncident(data)
	if err != nil {
		return Archivable{}, err
	}
	a := Archivable{Incident: inc, Timeline: make([]incident.Event, 0, len(msgs)), channels: maps.Clone(inc.Room)}
	if a.channels == nil {
		a.channels = map[string]string{}
	}
	for pl, c := range rooms {
		if ch := c.Val(); ch != "" {
			a.channels[pl] = ch
		}
	}
	for _, m := range msgs {
		var e incident.Event
		raw, _ := m.Values["e"].(string)
		if err := json.Unmarshal([]byte(raw), &e); err != nil {
			return a, fmt.Errorf("redisstore: decode timeline entry %s of %s: %w", m.ID, inc.ID, err)
		}
		a.Timeline = append(a.Timeline, e)
	}
	return a, nil
}

// Trim outcomes, per incident.
const (
	Trimmed  = 1  // removed with everything it owns
	Changed  = 0  // changed since it was read (reopened): kept
	Vanished = -1 // already gone (another sweep trimmed it)
)

// Trim removes archived incidents and everything they own (timeline, alert
// states, rooms and their indexes, dedup key, index entries, pending
// timers), each in one script guarded by the version it was read at: an
// incident changed since (reopened) is kept. The scripts go in one
// pipeline; the outcomes are returned in order.
func (s *Store) Trim(ctx context.Context, items []Archivable) ([]int, error) {
	if len(items) == 0 {
		return nil, nil
	}
	if err := trimIncidentScript.Load(ctx, s.rdb).Err(); err != nil {
		return nil, fmt.Errorf("redisstore: load trim script: %w", err)
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.Cmd, len(items))
	for i, a := range items {
		keys, args := s.trimArgs(a)
		cmds[i] = trimIncidentScript.EvalSha(ctx, pipe, keys, args...)
	}
	pipe.Exec(ctx) // errors are read per command below
	out := make([]int, len(items))
	for i, c := range cmds {
		n, err := c.Int()
		if err != nil {
			return nil, fmt.Errorf("redisstore: trim %s: %w", items[i].Incident.ID, err)
		}
		out[i] = n
	}
	return out, nil
}

// fixedKeys are KEYS[1..12] of trim_incident.lua.
func (s *Store) fixedKeys(id string) []string {
	k := s.keys
	return []string{k.incident(id), k.timeline(id), k.alerts(id), k.resolvedAt(), k.opened(),
		k.status(string(incident.StatusOpen)), k.status(string(incident.StatusAcked)), k.status(string(incident.StatusResolved)),
		k.timersDue(), k.timersLease(), k.timersData(), k.timersOwner()}
}

func (s *Store) trimArgs(a Archivable) ([]string, []any) {
	id := a.Incident.ID
	keys := s.fixedKeys(id)
	var pointers []string
	if a.Incident.DedupKey != "" {
		pointers = append(pointers, s.keys.dedup(a.Incident.DedupKey))
	}
	platforms := slices.Sorted(maps.Keys(a.channels))
	for _, pl := range platforms {
		pointers = append(pointers, s.keys.roomIndex(pl, a.channels[pl]))
	}
	keys = append(keys, pointers...)
	for _, pl := range platforms {
		keys = append(keys, s.keys.room(id, pl), s.keys.syncPending(id, pl))
	}
	args := []any{id, a.Incident.Version, "trim", len(pointers), ""}
	for _, k := range incidentTimers {
		args = append(args, incident.TimerID(id, k))
	}
	return keys, args
}

// Reindex corrects a's entry in the resolved-at index when it no longer
// matches the incident (not resolved any more, or resolved at another
// time), unless the incident changed since it was read.
func (s *Store) Reindex(ctx context.Context, a Archivable) error {
	inc := a.Incident
	score := ""
	if inc.Status == incident.StatusResolved {
		score = strconv.FormatInt(inc.ResolvedAt.UnixMilli(), 10)
	}
	err := trimIncidentScript.Run(ctx, s.rdb, s.fixedKeys(inc.ID), inc.ID, inc.Version, "index", 0, score).Err()
	if err != nil {
		return fmt.Errorf("redisstore: reindex %s: %w", inc.ID, err)
	}
	return nil
}

var (
	//go:embed scripts/compact_indexes.lua
	compactIndexesLua    string
	compactIndexesScript = redis.NewScript(compactIndexesLua)
)

// compactAtMost bounds the indexes CompactIndexes rewrites, so the step
// stays short (a few milliseconds).
const compactAtMost = 5000

// CompactIndexes gives back the memory the shared indexes kept after a
// sweep removed most of their members (Redis keeps their grown tables):
// each index with at most compactAtMost members is rewritten in one step.
func (s *Store) CompactIndexes(ctx context.Context) error {
	k := s.keys
	zsets := []string{k.opened(), k.resolvedAt(), k.status(string(incident.StatusOpen)), k.status(string(incident.StatusAcked)),
		k.status(string(incident.StatusResolved)), k.timersDue(), k.timersLease()}
	keys := append([]string{k.base + "compact:scratch"}, zsets...)
	keys = append(keys, k.timersData(), k.timersOwner())
	if err := compactIndexesScript.Run(ctx, s.rdb, keys, len(zsets), compactAtMost).Err(); err != nil {
		return fmt.Errorf("redisstore: compact indexes: %w", err)
	}
	return nil
}
