package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/tandemhq/tandem/incident"
)

// outboxGroup is the consumer group every bot replica reads the outbox with.
const outboxGroup = "workers"

// The outbox is two streams read by the same consumer group: pages, which
// must leave at once, and everything else (rooms, posts, files), which may
// queue in a storm. Every read takes from both, so a page never waits
// behind a backlog of room messages.

// OutboxEntry is an effect read from the outbox. ID is opaque: it names the
// stream entry (and, for pages, their stream) for DoneOutbox and DeferOutbox.
type OutboxEntry struct {
	ID     string
	Effect incident.Effect
	// Redelivered: the entry was taken over from a worker that went
	// silent (ClaimStale), which may have delivered it before it died.
	Redelivered bool
}

// outboxStreams are the two outbox streams, pages first.
func (s *Store) outboxStreams() []string { return []string{s.keys.pages(), s.keys.outbox()} }

// pagesPrefix marks the IDs of entries of the pages stream.
const pagesPrefix = "pages/"

// streamOf is the stream an effect goes to.
func (s *Store) streamOf(e incident.Effect) string {
	if e.Kind == incident.EffectPage {
		return s.keys.pages()
	}
	return s.keys.outbox()
}

// entryRef splits an OutboxEntry ID into its stream and stream entry ID.
func (s *Store) entryRef(id string) (stream, entry string) {
	if rest, ok := strings.CutPrefix(id, pagesPrefix); ok {
		return s.keys.pages(), rest
	}
	return s.keys.outbox(), id
}

func (s *Store) ensureGroup(ctx context.Context) error {
	for _, stream := range s.outboxStreams() {
		err := s.rdb.XGroupCreateMkStream(ctx, stream, outboxGroup, "0").Err()
		if err != nil && !strings.Contains(err.Error(), "BUSYGROUP") {
			return fmt.Errorf("redisstore: create outbox group: %w", err)
		}
	}
	return nil
}

// Enqueue adds effects that belong to no incident change (reports, hand-overs).
func (s *Store) Enqueue(ctx context.Context, effects ...incident.Effect) error {
	pipe := s.rdb.TxPipeline()
	for _, e := range effects {
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("redisstore: encode effect: %w", err)
		}
		pipe.XAdd(ctx, &redis.XAddArgs{Stream: s.streamOf(e), Values: []any{"e", b}})
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("redisstore: enqueue: %w", err)
	}
	return nil
}

// ReadOutbox hands new effects to consumer, pages first, up to count from
// each of the two streams, waiting up to block for one to arrive. It
// returns no entries and no error when none came.
func (s *Store) ReadOutbox(ctx context.Context, consumer string, count int64, block time.Duration) ([]OutboxEntry, error) {
	args := &redis.XReadGroupArgs{
		Group: outboxGroup, Consumer: consumer, Streams: []string{s.keys.pages(), s.keys.outbox(), ">", ">"},
		Count: count, Block: block,
	}
	res, err := s.readGroup(ctx, args)
	if err != nil && strings.Contains(err.Error(), "NOGROUP") {
		// Redis lost the group (restarted without persistence): make it again.
		if err := s.ensureGroup(ctx); err != nil {
			return nil, err
		}
		res, err = s.readGroup(ctx, args)
	}
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("redisstore: read outbox: %w", err)
	}
	var out []OutboxEntry
	for _, st := range res {
		out = append(out, decodeEntries(s, st.Stream, st.Messages)...)
	}
	return out, nil
}

// readGroup is XREADGROUP; with WaitReplicas set, entries are returned only
// once a replica knows this consumer has them (see replicated).
func (s *Store) readGroup(ctx context.Context, args *redis.XReadGroupArgs) ([]redis.XStream, error) {
	var cmd *redis.XStreamSliceCmd
	werr := s.replicated(ctx, func(c redis.Cmdable) { cmd = c.XReadGroup(ctx, args) })
	res, err := cmd.Result()
	if err == nil && werr != nil {
		// Read but not confirmed: left pending, for a take-over as soon as
		// the replicas answer again rather than 30 s later.
		for _, st := range res {
			s.releaseUnconfirmed(ctx, st.Stream, args.Consumer, st.Messages)
		}
		return nil, werr
	}
	return res, err
}

// releaseUnconfirmed marks entries this consumer holds without a replica
// knowing it as idle for long (XCLAIM … IDLE), so the next ClaimStale, by
// any worker, takes them at once instead of after its minimum idle time.
// Best effort: if it fails the entries are taken over when they go stale.
func (s *Store) releaseUnconfirmed(ctx context.Context, stream, consumer string, msgs []redis.XMessage) {
	if len(msgs) == 0 {
		return
	}
	args := []any{"XCLAIM", stream, outboxGroup, consumer, 0}
	for _, m := range msgs {
		args = append(args, m.ID)
	}
	args = append(args, "IDLE", releasedIdle.Milliseconds(), "JUSTID")
	if err := s.rdb.Do(ctx, args...).Err(); err != nil {
		s.log.Warn("releasing unconfirmed outbox entries failed; they are taken over when stale", "stream", stream, "err", err)
	}
}

// releasedIdle is the idle time releaseUnconfirmed gives an entry: more
// than any ClaimStale minimum.
const releasedIdle = 24 * time.Hour

// ClaimStale takes over effects another consumer read but has not finished
// for at least minIdle: that worker died or hangs.
func (s *Store) ClaimStale(ctx context.Context, consumer string, minIdle time.Duration, count int64) ([]OutboxEntry, error) {
	var out []OutboxEntry
	for _, stream := range s.outboxStreams() {
		var cmd *redis.XAutoClaimCmd
		werr := s.replicated(ctx, func(c redis.Cmdable) {
			cmd = c.XAutoClaim(ctx, &redis.XAutoClaimArgs{
				Stream: stream, Group: outboxGroup, Consumer: consumer,
				MinIdle: minIdle, Start: "0-0", Count: count - int64(len(out)),
			})
		})
		msgs, _, err := cmd.Result()
		if err == nil && len(msgs) > 0 && werr != nil {
			// Claimed but not confirmed: left pending (the claim made them
			// fresh again), released for the next take-over.
			s.releaseUnconfirmed(ctx, stream, consumer, msgs)
			err = werr
		}
		if err != nil && strings.Contains(err.Error(), "NOGROUP") {
			return out, s.ensureGroup(ctx)
		}
		if err != nil {
			return out, fmt.Errorf("redisstore: claim stale outbox entries: %w", err)
		}
		out = append(out, takenOver(s, stream, msgs)...)
		if int64(len(out)) >= count {
			break
		}
	}
	return out, nil
}

// takenOver decodes entries claimed from another consumer: Redelivered.
func takenOver(s *Store, stream string, msgs []redis.XMessage) []OutboxEntry {
	out := decodeEntries(s, stream, msgs)
	for i := range out {
		out[i].Redelivered = true
	}
	return out
}

func decodeEntries(s *Store, stream string, msgs []redis.XMessage) []OutboxEntry {
	out := make([]OutboxEntry, 0, len(msgs))
	for _, m := range msgs {
		raw, _ := m.Values["e"].(string)
		var e incident.Effect
		if err := json.Unmarshal([]byte(raw), &e); err != nil {
			// Keep it: the worker reports and drops an undecodable entry.
			s.log.Error("undecodable outbox entry", "entry", m.ID, "err", err)
		}
		id := m.ID
		if stream == s.keys.pages() {
			id = pagesPrefix + id
		}
		out = append(out, OutboxEntry{ID: id, Effect: e})
	}
	return out
}

// Delivered reports whether the effect with this ID was delivered before.
func (s *Store) Delivered(ctx context.Context, effectID string) (bool, error) {
	if effectID == "" {
		return false, nil
	}
	n, err := s.rdb.Exists(ctx, s.keys.delivered(effectID)).Result()
	if err != nil {
		return false, fmt.Errorf("redisstore: check delivered: %w", err)
	}
	return n == 1, nil
}

// rememberDelivered is how long a delivered effect's ID is kept: far longer
// than any entry can stay pending, and then collected.
const rememberDelivered = 30 * 24 * time.Hour

// DoneOutbox removes a delivered entry and remembers its effect ID, in one step.
func (s *Store) DoneOutbox(ctx context.Context, entryID, effectID string) error {
	stream, entry := s.entryRef(entryID)
	err := s.run(ctx, outboxDoneScript, []string{stream, s.keys.delivered(effectID)}, outboxGroup, entry, effectID, int(rememberDelivered.Seconds())).Err()
	if err != nil {
		return fmt.Errorf("redisstore: finish outbox entry: %w", err)
	}
	return nil
}

// DeferOutbox removes an entry and schedules its effect to come back at due,
// in one step (for retries with backoff and Retry-After).
func (s *Store) DeferOutbox(ctx context.Context, entryID string, e incident.Effect, due time.Time) error {
	t := incident.Timer{
		ID: "retry/" + entryID, Kind: incident.TimerRetry, Incident: e.Incident, Due: due, Effect: &e,
	}
	b, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("redisstore: encode retry: %w", err)
	}
	stream, entry := s.entryRef(entryID)
	pipe := s.rdb.TxPipeline()
	pipe.XAck(ctx, stream, outboxGroup, entry)
	pipe.XDel(ctx, stream, entry)
	pipe.ZAdd(ctx, s.keys.timersDue(), redis.Z{Score: float64(due.UnixMilli()), Member: t.ID})
	pipe.HSet(ctx, s.keys.timersData(), t.ID, b)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("redisstore: defer outbox entry: %w", err)
	}
	return nil
}

// RequeueEffect puts a deferred effect back into the outbox and finishes its
// retry timer, in one step.
func (s *Store) RequeueEffect(ctx context.Context, timerID string, e incident.Effect) error {
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("redisstore: encode effect: %w", err)
	}
	pipe := s.rdb.TxPipeline()
	pipe.XAdd(ctx, &redis.XAddArgs{Stream: s.streamOf(e), Values: []any{"e", b}})
	pipe.ZRem(ctx, s.keys.timersLease(), timerID)
	pipe.HDel(ctx, s.keys.timersOwner(), timerID)
	pipe.HDel(ctx, s.keys.timersData(), timerID)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("redisstore: requeue effect: %w", err)
	}
	return nil
}

// OutboxDepth is how many effects wait in the outbox (read or not).
func (s *Store) OutboxDepth(ctx context.Context) (int64, error) {
	var total int64
	for _, stream := range s.outboxStreams() {
		n, err := s.rdb.XLen(ctx, stream).Result()
		if err != nil {
			return 0, fmt.Errorf("redisstore: outbox depth: %w", err)
		}
		total += n
	}
	return total, nil
}
