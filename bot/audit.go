package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/tandemhq/tandem/archive"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

// Tools gives the command line (tandem export, tandem audit) the store of
// a deployment and its use cases, without running a bot.
type Tools struct {
	store   *redisstore.Store
	svc     *handlers.Service
	cfg     *config.Config
	keys    *incident.Keyring // audit.key_env; nil when unkeyed
	anchors archive.Anchors   // from UseAnchors; empty until then
}

// OpenTools connects to cfg's Redis. The embedded store is refused: it
// lives inside a running bot, and a new one would be empty.
func OpenTools(ctx context.Context, cfg *config.Config, log *slog.Logger) (*Tools, error) {
	if cfg.Redis.Embedded() {
		return nil, errors.New("no redis.url in the config: the embedded store lives only inside a running bot; point --config at a deployment with Redis")
	}
	so, err := storeOptions(cfg, log)
	if err != nil {
		return nil, err
	}
	keys, err := AuditKeys(cfg)
	if err != nil {
		return nil, err
	}
	st, err := redisstore.Open(ctx, so)
	if err != nil {
		return nil, err
	}
	opt := handlerOptions(cfg, nil)
	opt.Logger = log
	return &Tools{store: st, svc: handlers.New(st, opt), cfg: cfg, keys: keys}, nil
}

// Close closes the store.
func (t *Tools) Close() error { return t.store.Close() }

// Export renders incident id as Markdown ("md") or JSON ("json").
func (t *Tools) Export(ctx context.Context, id, format string) ([]byte, error) {
	return t.svc.Export(ctx, id, format)
}

// IDs lists every incident, in number order.
func (t *Tools) IDs(ctx context.Context) ([]string, error) {
	incs, err := t.store.List(ctx, incident.StatusOpen, incident.StatusAcked, incident.StatusResolved)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(incs))
	for i, inc := range incs {
		ids[i] = inc.ID
	}
	return ids, nil
}

// Audit is the outcome of checking one incident's timeline.
type Audit struct {
	ID       string
	Entries  int
	Head     string
	Keys     []string           // the audit key IDs its entries carry
	Anchored time.Time          // the latest anchor naming it; zero when none does
	Mismatch *incident.Mismatch // nil: every entry is as written
}

// Verify checks incident id's stored timeline against its hash chain and
// head, the audit keys and the latest anchor naming it. An entry that
// cannot even be decoded is the mismatch.
func (t *Tools) Verify(ctx context.Context, id string) (Audit, error) {
	inc, err := t.store.Get(ctx, id)
	if err != nil {
		return Audit{}, err
	}
	entries, err := t.store.AuditTimeline(ctx, id)
	if err != nil {
		return Audit{}, err
	}
	a, _ := verifyEntries(inc, entries, t.keys, t.anchors.Latest[id])
	return a, nil
}

// verifyEntries checks inc's stored timeline entries (the evidence pack
// runs it too, so the pack says what `tandem audit verify` says) and
// returns the outcome with the entries that could be read.
func verifyEntries(inc incident.Incident, entries []redisstore.AuditEntry, keys *incident.Keyring, anc archive.Anchored) (Audit, []incident.Event) {
	id := inc.ID
	opt := incident.VerifyOptions{Keys: keys, Anchor: anc.Head, AnchorAt: anc.At}
	a := Audit{ID: id, Entries: len(entries), Head: inc.Head, Anchored: anc.At}
	events := make([]incident.Event, len(entries))
	for i, en := range entries {
		if en.Err != nil {
			a.Mismatch = &incident.Mismatch{Position: i + 1, Kind: en.Event.Kind, At: en.Event.At,
				Reason: fmt.Sprintf("stream entry %s cannot be read: %v", en.Pos, en.Err)}
			// An earlier entry that does not match is the first finding.
			if m := incident.Verify(id, events[:i], "", opt); m != nil && !m.Head {
				a.Mismatch = m
			}
			return a, readable(entries)
		}
		events[i] = en.Event
		if k := en.Event.Key; k != "" && !slices.Contains(a.Keys, k) {
			a.Keys = append(a.Keys, k)
		}
	}
	a.Mismatch = incident.Verify(id, events, inc.Head, opt)
	return a, events
}

// readable is the entries that could be decoded, in order.
func readable(entries []redisstore.AuditEntry) []incident.Event {
	var out []incident.Event
	for _, en := range entries {
		if en.Err == nil {
			out = append(out, en.Event)
		}
	}
	return out
}

// UseAnchors reads the anchor file at path for the checks that follow.
func (t *Tools) UseAnchors(path string) (archive.Anchors, error) {
	x, err := archive.ReadAnchors(path)
	if err != nil {
		return x, err
	}
	t.anchors = x
	return x, nil
}

// KeyIDs lists the configured audit keys' IDs, the signing key first.
func (t *Tools) KeyIDs() []string { return t.keys.IDs() }

// Unaccounted is an anchored incident that is no longer in Redis.
type Unaccounted struct {
	ID       string
	Anchored time.Time
	Archived bool // retention moved it to the archive, which `tandem archive verify` checks
}

// Gone lists the incidents the anchors name that Redis does not hold
// (present lists those it does), and says which ones the retention archive
// holds: a deleted incident is one neither holds.
func (t *Tools) Gone(present []string) ([]Unaccounted, error) {
	return unaccounted(t.anchors, present, t.cfg.Retention.ArchiveDir)
}

// unaccounted is Gone for the anchors x and the archive in dir ("" for
// none); the evidence pack runs it too, so it names what `audit verify
// --all` names.
func unaccounted(x archive.Anchors, present []string, dir string) ([]Unaccounted, error) {
	var idx *archive.Index
	if dir != "" {
		idx = archive.NewIndex(dir)
		if err := idx.Refresh(); err != nil {
			return nil, err
		}
	}
	held := make(map[string]bool, len(present)) // --all: every incident, so a set, not a scan each
	for _, id := range present {
		held[id] = true
	}
	var out []Unaccounted
	for _, id := range slices.Sorted(maps.Keys(x.Latest)) {
		if held[id] {
			continue
		}
		u := Unaccounted{ID: id, Anchored: x.Latest[id].At}
		if idx != nil {
			_, u.Archived = idx.Lookup(id)
		}
		out = append(out, u)
	}
	return out, nil
}

// Anchor anchors every chain head in Redis now and appends the anchor to
// the file at path: what the daily job does, without a chat post, for the
// moment audit keys are turned on (it covers the unkeyed entries so far).
func (t *Tools) Anchor(ctx context.Context, path string, now time.Time) (incident.Anchor, error) {
	a, _, err := t.svc.AuditAnchor(ctx, now)
	if err != nil {
		return a, err
	}
	return a, archive.AppendAnchor(path, a)
}

// AnchorFile is audit.anchor_file ("" when unset).
func (t *Tools) AnchorFile() string { return t.cfg.Audit.AnchorFile }
