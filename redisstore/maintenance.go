package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/tandemhq/tandem/incident"
)

// A maintenance window is a few entries, none read-modify-written, so
// replicas never race on one JSON value: its definition (mw:windows), its
// end once it ended (mw:ended, set once with HSETNX), its Alertmanager
// silences (mw:silences), and the alerts it held back (mw:held:<id>, the
// latest state of each; mw:since:<id>, when each was first seen).

// allocWindowScript returns the window ID a claim already has, or gives
// the claim a new one: a recurring window opened twice (two replicas, or a
// retry after a crash) gets one ID, so it is stored once.
var allocWindowScript = redis.NewScript(`
local id = redis.call('GET', KEYS[1])
if id then return id end
id = 'MW-' .. redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], id, 'EX', ARGV[1])
return id`)

// holdScript records held alerts unless the window ended (or its planned
// end passed): checked and written in one step, so an alert is either held
// before the end reads the held alerts, or not held at all and opens its
// incident as usual; none falls in between.
// KEYS[1] mw:ended, KEYS[2] mw:held:<id>, KEYS[3] mw:since:<id>
// ARGV[1] the window ID, ARGV[2] now (ms), ARGV[3] its planned end (ms),
// ARGV[4] now (RFC 3339), then pairs of field and held alert JSON.
// Returns -1 when the window is over, else how many alerts were new to it.
var holdScript = redis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or tonumber(ARGV[2]) >= tonumber(ARGV[3]) then
  return -1
end
local n = 0
for i = 5, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i+1])
  n = n + redis.call('HSETNX', KEYS[3], ARGV[i], ARGV[4])
end
return n`)

// rememberHeld is how long a window's held alerts are kept after it ended.
const rememberHeld = 35 * 24 * time.Hour

// windowEnd is what mw:ended keeps of a window's end.
type windowEnd struct {
	At time.Time       `json:"at"`
	By *incident.Actor `json:"by,omitempty"`
}

// CreateWindow stores w under a new ID, with its end timer, and returns
// it. claim, when set, makes the creation idempotent: every call with the
// same claim stores (and returns) the same window.
func (s *Store) CreateWindow(ctx context.Context, w incident.Window, claim string, end incident.Timer) (incident.Window, error) {
	id, err := s.allocWindow(ctx, claim)
	if err != nil {
		return w, err
	}
	w.ID, end.ID = id, incident.TimerID(id, incident.TimerMaintenanceEnd)
	if end.Data == nil {
		end.Data = map[string]string{}
	}
	end.Data["window"] = id
	b, err := json.Marshal(w)
	if err != nil {
		return w, fmt.Errorf("redisstore: encode window: %w", err)
	}
	tb, err := json.Marshal(end)
	if err != nil {
		return w, fmt.Errorf("redisstore: encode timer: %w", err)
	}
	pipe := s.rdb.TxPipeline()
	isNew := pipe.HSetNX(ctx, s.keys.windows(), id, b)
	pipe.ZAdd(ctx, s.keys.windowsActive(), redis.Z{Score: float64(w.End.UnixMilli()), Member: id})
	if _, err := pipe.Exec(ctx); err != nil {
		return w, fmt.Errorf("redisstore: store window %s: %w", id, err)
	}
	if !isNew.Val() { // a retried claim: the window as stored, which must not get its end timer again
		return s.Window(ctx, id)
	}
	return w, s.ensureTimerJSON(ctx, end, tb)
}

func (s *Store) ensureTimerJSON(ctx context.Context, t incident.Timer, b []byte) error {
	keys := []string{s.keys.timersDue(), s.keys.timersLease(), s.keys.timersData()}
	if err := ensureTimerScript.Run(ctx, s.rdb, keys, t.ID, t.Due.UnixMilli(), b).Err(); err != nil {
		return fmt.Errorf("redisstore: window timer %s: %w", t.ID, err)
	}
	return nil
}

func (s *Store) allocWindow(ctx context.Context, claim string) (string, error) {
	if claim == "" {
		n, err := s.rdb.Incr(ctx, s.keys.windowSeq()).Result()
		if err != nil {
			return "", fmt.Errorf("redisstore: next window number: %w", err)
		}
		return "MW-" + strconv.FormatInt(n, 10), nil
	}
	keys := []string{s.keys.windowJob(claim), s.keys.windowSeq()}
	id, err := allocWindowScript.Run(ctx, s.rdb, keys, int(rememberJobs.Seconds())).Text()
	if err != nil {
		return "", fmt.Errorf("redisstore: claim window %s: %w", claim, err)
	}
	return id, nil
}

// Window returns window id with its end, silences and count of held alerts.
func (s *Store) Window(ctx context.Context, id string) (incident.Window, error) {
	ws, err := s.windowsByID(ctx, []string{id})
	if err != nil {
		return incident.Window{}, err
	}
	if len(ws) == 0 {
		return incident.Window{}, incident.Errorf(incident.ENotFound, "there is no maintenance window %s", id)
	}
	return ws[0], nil
}

// Windows returns every stored window, oldest first.
func (s *Store) Windows(ctx context.Context) ([]incident.Window, error) {
	ids, err := s.rdb.HKeys(ctx, s.keys.windows()).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: list windows: %w", err)
	}
	return s.windowsByID(ctx, ids)
}

// ActiveWindows returns the windows not yet past their planned end at now
// (some may have been ended early: see Window.Open).
func (s *Store) ActiveWindows(ctx context.Context, now time.Time) ([]incident.Window, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keys.windowsActive(), &redis.ZRangeBy{
		Min: "(" + strconv.FormatInt(now.UnixMilli(), 10), Max: "+inf"}).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: active windows: %w", err)
	}
	return s.windowsByID(ctx, ids)
}

// windowsByID reads windows in one round trip, sorted by number.
func (s *Store) windowsByID(ctx context.Context, ids []string) ([]incident.Window, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	pipe := s.rdb.Pipeline()
	defs := pipe.HMGet(ctx, s.keys.windows(), ids...)
	ends := pipe.HMGet(ctx, s.keys.windowsEnded(), ids...)
	sils := pipe.HMGet(ctx, s.keys.windowSilences(), ids...)
	held := make([]*redis.IntCmd, len(ids))
	for i, id := range ids {
		held[i] = pipe.HLen(ctx, s.keys.windowHeld(id))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("redisstore: read windows: %w", err)
	}
	var out []incident.Window
	for i := range ids {
		w, ok := decodeWindow(defs.Val()[i], ends.Val()[i], sils.Val()[i])
		if !ok {
			continue
		}
		w.Suppressed = int(held[i].Val())
		out = append(out, w)
	}
	slices.SortFunc(out, func(a, b incident.Window) int { return windowNumber(a.ID) - windowNumber(b.ID) })
	return out, nil
}

func decodeWindow(def, end, sil any) (incident.Window, bool) {
	var w incident.Window
	d, ok := def.(string)
	if !ok || json.Unmarshal([]byte(d), &w) != nil {
		return w, false
	}
	if e, ok := end.(string); ok {
		var we windowEnd
		if json.Unmarshal([]byte(e), &we) == nil {
			w.EndedAt, w.EndedBy = we.At, we.By
		}
	}
	if v, ok := sil.(string); ok {
		json.Unmarshal([]byte(v), &w.Silences) // undecodable: none to expire
	}
	return w, true
}

func windowNumber(id string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "MW-"))
	return n
}

// EndWindow records that window id ended at at (by, for an early end by
// hand). Only the first call ends it: ended is false for the others.
// early also moves the end timer to at, so the end's work runs now.
func (s *Store) EndWindow(ctx context.Context, id string, at time.Time, by *incident.Actor, early bool) (bool, error) {
	b, err := json.Marshal(windowEnd{At: at, By: by})
	if err != nil {
		return false, fmt.Errorf("redisstore: encode window end: %w", err)
	}
	pipe := s.rdb.TxPipeline()
	set := pipe.HSetNX(ctx, s.keys.windowsEnded(), id, b)
	// Garbage collection only: the held alerts are read at the end, within
	// seconds; the API shows them for rememberHeld after it.
	pipe.Expire(ctx, s.keys.windowHeld(id), rememberHeld)
	pipe.Expire(ctx, s.keys.windowSince(id), rememberHeld)
	if _, err := pipe.Exec(ctx); err != nil {
		return false, fmt.Errorf("redisstore: end window %s: %w", id, err)
	}
	ended := set.Val()
	if ended && early {
		err = s.SetTimers(ctx, incident.Timer{ID: incident.TimerID(id, incident.TimerMaintenanceEnd),
			Kind: incident.TimerMaintenanceEnd, Due: at, Data: map[string]string{"window": id}})
	}
	return ended, err
}

// SetWindowSilences records the Alertmanager silences made for window id.
func (s *Store) SetWindowSilences(ctx context.Context, id string, silences []string) error {
	b, err := json.Marshal(silences)
	if err != nil {
		return fmt.Errorf("redisstore: encode silences: %w", err)
	}
	if err := s.rdb.HSet(ctx, s.keys.windowSilences(), id, b).Err(); err != nil {
		return fmt.Errorf("redisstore: window %s silences: %w", id, err)
	}
	return nil
}

// HoldAlerts records the alerts of g against window w at now (each
// alert's latest state; when it was first seen is kept) and returns how
// many of them the window had not seen before. held is false, and nothing
// is written, when the window has ended meanwhile.
func (s *Store) HoldAlerts(ctx context.Context, w incident.Window, g incident.AlertGroup, now time.Time) (n int, held bool, err error) {
	args := []any{w.ID, now.UnixMilli(), w.End.UnixMilli(), now.UTC().Format(time.RFC3339Nano)}
	for _, a := range g.Alerts {
		b, err := json.Marshal(newHeldGroup(g, a))
		if err != nil {
			return 0, false, fmt.Errorf("redisstore: encode held alert: %w", err)
		}
		args = append(args, heldField(g, a), string(b))
	}
	keys := []string{s.keys.windowsEnded(), s.keys.windowHeld(w.ID), s.keys.windowSince(w.ID)}
	res, err := s.run(ctx, holdScript, keys, args...).Int()
	if err != nil {
		return 0, false, fmt.Errorf("redisstore: hold alerts in %s: %w", w.ID, err)
	}
	return max(res, 0), res >= 0, nil
}

// heldGroup is a held alert with its group as stored: the severity as
// text, absent when the alert named none (the service default applies).
type heldGroup struct {
	Source   string          `json:"source"`
	Key      string          `json:"key"`
	Title    string          `json:"title,omitempty"`
	Service  string          `json:"service,omitempty"`
	Severity string          `json:"severity,omitempty"`
	Alert    incident.Alert  `json:"alert"`
	Links    []incident.Link `json:"links,omitempty"`
}

func newHeldGroup(g incident.AlertGroup, a incident.Alert) heldGroup {
	h := heldGroup{Source: g.Source, Key: g.Key, Title: g.Title, Service: g.Service, Alert: a, Links: g.Links}
	if g.Severity.Valid() {
		h.Severity = g.Severity.String()
	}
	return h
}

func (h heldGroup) group() incident.AlertGroup {
	sev, _ := incident.ParseSeverity(h.Severity) // absent: 0, the service default
	return incident.AlertGroup{Source: h.Source, Key: h.Key, Title: h.Title, Service: h.Service, Severity: sev,
		Alerts: []incident.Alert{h.Alert}, Links: h.Links}
}

func heldField(g incident.AlertGroup, a incident.Alert) string {
	return g.Source + ":" + g.Key + "\x00" + a.Fingerprint
}

// HeldAlerts returns every alert window id held back, each with when it
// was first seen.
func (s *Store) HeldAlerts(ctx context.Context, id string) ([]incident.SuppressedAlert, error) {
	pipe := s.rdb.Pipeline()
	held := pipe.HGetAll(ctx, s.keys.windowHeld(id))
	since := pipe.HGetAll(ctx, s.keys.windowSince(id))
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("redisstore: held alerts of %s: %w", id, err)
	}
	out := make([]incident.SuppressedAlert, 0, len(held.Val()))
	for field, v := range held.Val() {
		var hg heldGroup
		if err := json.Unmarshal([]byte(v), &hg); err != nil {
			s.log.Error("undecodable held alert", "window", id, "err", err)
			continue
		}
		h := incident.SuppressedAlert{Group: hg.group()}
		h.Since, _ = time.Parse(time.RFC3339Nano, since.Val()[field])
		out = append(out, h)
	}
	return out, nil
}

// DedupIncident returns the incident a dedup key points at, "" when none:
// a look that claims nothing.
func (s *Store) DedupIncident(ctx context.Context, key string) (string, error) {
	id, err := s.rdb.Get(ctx, s.keys.dedup(key)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("redisstore: dedup key: %w", err)
	}
	return id, nil
}
