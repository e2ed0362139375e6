package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/archive"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
)

// The audit anchor (audit.anchor, daily by default once audit is
// configured) records every timeline's chain head outside Redis: its
// digest goes to the managers' channel, the whole anchor to
// audit.anchor_file. `tandem audit verify` checks timelines against it.

// anchorSpec is the anchor job's cron spec; "" when it is off.
func (b *Bot) anchorSpec() string {
	if !b.cfg.Audit.Anchors() {
		return ""
	}
	return b.cfg.Audit.Anchor
}

// postAnchor runs one firing of the anchor job. The job claim comes before
// the file append, so a firing appends at most once across replicas; a
// crash between the two leaves that firing out of the file (the chat post
// still carries its digest, and the next firing anchors every head again).
func (b *Bot) postAnchor(ctx context.Context, at time.Time, _ *time.Location) error {
	a, effects, err := b.svc.AuditAnchor(ctx, at)
	if err != nil {
		return fmt.Errorf("audit anchor %s: %w", at.Format(time.RFC3339), err)
	}
	first, err := b.store.EnqueueJob(ctx, "audit-anchor", at, effects...)
	if err != nil || !first {
		return err
	}
	if path := b.cfg.Audit.AnchorFile; path != "" {
		if err := archive.AppendAnchor(path, a); err != nil {
			// Claimed already: retrying would not append either. Say so loudly.
			b.log.Error("audit anchor not written to the anchor file", "file", path, "err", err)
		}
	}
	b.log.Info("audit anchor taken", "at", a.At, "timelines", len(a.Heads), "digest", a.Digest)
	return nil
}

// AuditKeys is the keyring audit.key_env configures; nil when unset.
func AuditKeys(cfg *config.Config) (*incident.Keyring, error) {
	ring, err := incident.NewKeyring(cfg.Audit.Keys())
	if err != nil {
		return nil, fmt.Errorf("audit.key: %w", err)
	}
	return ring, nil
}
