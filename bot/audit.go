package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

// Tools gives the command line (tandem export, tandem audit) the store of
// a deployment and its use cases, without running a bot.
type Tools struct {
	store *redisstore.Store
	svc   *handlers.Service
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
	st, err := redisstore.Open(ctx, so)
	if err != nil {
		return nil, err
	}
	opt := handlerOptions(cfg, nil)
	opt.Logger = log
	return &Tools{store: st, svc: handlers.New(st, opt)}, nil
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
	Mismatch *incident.Mismatch // nil: every entry is as written
}

// Verify checks incident id's stored timeline against its hash chain and
// head. An entry that cannot even be decoded is the mismatch.
func (t *Tools) Verify(ctx context.Context, id string) (Audit, error) {
	inc, err := t.store.Get(ctx, id)
	if err != nil {
		return Audit{}, err
	}
	entries, err := t.store.AuditTimeline(ctx, id)
	if err != nil {
		return Audit{}, err
	}
	a := Audit{ID: id, Entries: len(entries), Head: inc.Head}
	events := make([]incident.Event, len(entries))
	for i, en := range entries {
		if en.Err != nil {
			a.Mismatch = &incident.Mismatch{Position: i + 1, Kind: en.Event.Kind, At: en.Event.At,
				Reason: fmt.Sprintf("stream entry %s cannot be read: %v", en.Pos, en.Err)}
			// An earlier entry that does not match is the first finding.
			if m := incident.Verify(id, events[:i], ""); m != nil && !m.Head {
				a.Mismatch = m
			}
			return a, nil
		}
		events[i] = en.Event
	}
	a.Mismatch = incident.Verify(id, events, inc.Head)
	return a, nil
}
