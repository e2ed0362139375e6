package bot

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/tandemhq/tandem/archive"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

// The retention sweep: every trimEvery, the replica that takes the
// "retention" lock archives and trims incidents resolved longer ago than
// retention.resolved_after, trimBatch at a time, so no single step holds
// Redis for long. It is idempotent: a sweep cut short (SIGKILL) leaves each
// incident archived, trimmed, or both; the next one skips the lines
// already written and trims what is left.
const (
	trimEvery = 10 * time.Minute
	trimBatch = 500
	trimLease = time.Minute // renewed every batch
	trimLock  = "retention"
)

// TrimReport says what one sweep did.
type TrimReport struct {
	Archived int // lines appended to the archive
	Trimmed  int // incidents removed from Redis
	Kept     int // reopened meanwhile, or not due after all
	Locked   bool
}

// retentionLoop sweeps every trimEvery until ctx ends; the first sweep
// runs at once.
func (b *Bot) retentionLoop(ctx context.Context) {
	if !b.cfg.Retention.Enabled() {
		return
	}
	t := time.NewTicker(trimEvery)
	defer t.Stop()
	for {
		if rep, err := b.TrimResolved(ctx); err != nil && ctx.Err() == nil {
			b.log.Error("retention sweep failed; retried at the next sweep", "err", err, "trimmed", rep.Trimmed)
		} else if rep.Trimmed > 0 {
			b.log.Info("retention sweep", "archived", rep.Archived, "trimmed", rep.Trimmed, "kept", rep.Kept)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// TrimResolved runs one retention sweep now (the sweep loop and `tandem
// archive trim` call it). Without retention.archive_dir it does nothing.
// With another replica sweeping, it returns at once with Locked set.
func (b *Bot) TrimResolved(ctx context.Context) (rep TrimReport, err error) {
	if !b.cfg.Retention.Enabled() {
		return rep, nil
	}
	defer func() { b.swept.sweep(rep, err, b.opt.Now()) }()
	// "<process>-<worker>/<n>": the lock is freed when this process dies.
	owner := b.consumer + "-0/1"
	defer b.store.Unlock(context.WithoutCancel(ctx), trimLock, owner) // a no-op unless held
	for {
		// Beating between batches lets another replica (or the next run)
		// take the lock within seconds when this process dies mid-sweep.
		b.beat(ctx)
		ok, err := b.store.Lock(ctx, trimLock, owner, b.opt.Now(), trimLease)
		if err != nil || !ok {
			rep.Locked = err == nil
			return rep, err
		}
		if _, err := b.store.BackfillResolvedIndex(ctx); err != nil {
			return rep, err
		}
		n, err := b.trimBatch(ctx, &rep)
		if err == nil && n < trimBatch && rep.Trimmed > 0 {
			err = b.store.CompactIndexes(ctx)
		}
		if err != nil || n < trimBatch {
			return rep, err
		}
	}
}

// trimBatch archives and trims up to trimBatch due incidents and returns
// how many it looked at.
func (b *Bot) trimBatch(ctx context.Context, rep *TrimReport) (int, error) {
	now := b.opt.Now()
	cutoff := now.Add(-b.cfg.Retention.ResolvedAfter.Std())
	ids, err := b.store.ResolvedBefore(ctx, cutoff, trimBatch)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	items, err := b.store.LoadArchivable(ctx, ids, b.platforms())
	if err != nil {
		return 0, err
	}
	due, err := b.splitDue(ctx, items, cutoff, rep)
	if err != nil {
		return 0, err
	}
	if err := b.archiveLines(due, now, rep); err != nil {
		return 0, err
	}
	// Only now, with every line on disk, may the incidents leave Redis.
	outcomes, err := b.store.Trim(ctx, due)
	if err != nil {
		return 0, err
	}
	for _, o := range outcomes {
		if o == redisstore.Changed {
			rep.Kept++
		} else {
			rep.Trimmed++
		}
	}
	return len(ids), nil
}

// splitDue returns the items still resolved before cutoff; the index entry
// of any other is corrected, so it is not looked at again.
func (b *Bot) splitDue(ctx context.Context, items []redisstore.Archivable, cutoff time.Time, rep *TrimReport) ([]redisstore.Archivable, error) {
	due := items[:0:0]
	for _, a := range items {
		if a.Incident.ResolvedAt.IsZero() || !a.Incident.ResolvedAt.Before(cutoff) || a.Incident.Status != incident.StatusResolved {
			rep.Kept++
			if err := b.store.Reindex(ctx, a); err != nil {
				return nil, err
			}
			continue
		}
		due = append(due, a)
	}
	return due, nil
}

// archiveLines appends and fsyncs the lines of items not archived yet.
func (b *Bot) archiveLines(items []redisstore.Archivable, now time.Time, rep *TrimReport) error {
	if err := b.archive.Refresh(); err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	var lines []archive.Line
	for _, a := range items {
		if !b.archive.Has(a.Incident.ID, a.Incident.Head) {
			lines = append(lines, archive.NewLine(a.Incident, a.Timeline, now))
		}
	}
	if len(lines) == 0 {
		return nil
	}
	if err := archive.Append(b.cfg.Retention.ArchiveDir, lines); err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	rep.Archived += len(lines)
	return nil
}

// platforms are the chat platforms whose rooms an incident may have.
func (b *Bot) platforms() []string { return slices.Sorted(maps.Keys(b.chats)) }

// setupRetention indexes the archive directory (when retention is on) and
// returns how handlers find a trimmed incident of an alert group.
func (b *Bot) setupRetention() handlers.ArchivedLookup {
	if !b.cfg.Retention.Enabled() {
		return nil
	}
	b.archive = archive.NewIndex(b.cfg.Retention.ArchiveDir)
	b.swept = newRetentionMetrics(b.metrics.reg)
	return func(key string) (string, time.Time, bool) {
		e, ok, err := b.archive.ByDedupKey(key)
		if err != nil {
			// The new incident opens all the same; it just cannot say which
			// incident the group had.
			b.log.Warn("retention archive unreadable", "err", err)
		}
		return e.ID, e.ArchivedAt, ok
	}
}
