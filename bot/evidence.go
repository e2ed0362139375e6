package bot

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/tandemhq/tandem/archive"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/evidence"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

// EvidenceRequest is one evidence pack to make.
type EvidenceRequest struct {
	evidence.Period
	// AnchorFile is the anchor file to copy and check against ("" for
	// none); ConfigFile the config's path, whose hash the pack records
	// ("" when the config was not read from a file here).
	AnchorFile, ConfigFile string
}

// Evidence writes the evidence pack of req's period to w: what `tandem
// evidence` runs.
func (t *Tools) Evidence(ctx context.Context, req EvidenceRequest, w io.Writer) (evidence.Result, error) {
	src := evidenceSource{store: t.store, svc: t.svc, cfg: t.cfg, keys: t.keys}
	in, err := src.input(ctx, req)
	if err != nil {
		return evidence.Result{}, err
	}
	return evidence.Write(w, in)
}

// evidenceSource is what a pack is read from: the same for the command
// line and the chat command.
type evidenceSource struct {
	store *redisstore.Store
	svc   *handlers.Service
	cfg   *config.Config
	keys  *incident.Keyring
}

// input reads and verifies everything the pack of req holds.
func (src evidenceSource) input(ctx context.Context, req EvidenceRequest) (evidence.Input, error) {
	in := evidence.Input{Period: req.Period, Zone: src.svc.ReportZone(), AnchorFile: req.AnchorFile, KeyIDs: src.keys.IDs()}
	anchors, err := src.anchors(&in)
	if err != nil {
		// Said to whoever asked, in chat too: an anchor file that cannot be
		// trusted is what the pack would be asked to find, not an internal error.
		return in, incident.Errorf(incident.EConflict, "the anchor file cannot be used, so no evidence pack was made: %v", err)
	}
	incs, err := src.store.OpenedBetween(ctx, req.From, req.To)
	if err != nil {
		return in, err
	}
	for _, inc := range incs {
		entries, err := src.store.AuditTimeline(ctx, inc.ID)
		if err != nil {
			return in, err
		}
		a, events := verifyEntries(inc, entries, src.keys, anchors.Latest[inc.ID])
		in.Incidents = append(in.Incidents, evidence.Incident{Incident: inc, Events: events,
			Review: src.svc.ReviewMarkdown(inc, events), Audit: evidence.Audit{Entries: a.Entries, Head: a.Head,
				Keys: a.Keys, Anchored: a.Anchored, Mismatch: a.Mismatch}})
	}
	if in.Gone, err = src.gone(ctx, anchors, incs); err != nil {
		return in, err
	}
	if in.Report, err = src.svc.Report(ctx, req.From, req.To, nil); err != nil {
		return in, err
	}
	if in.Policy.Redacted, err = evidence.RedactConfig(src.cfg); err != nil {
		return in, err
	}
	if req.ConfigFile != "" {
		raw, err := os.ReadFile(req.ConfigFile)
		if err != nil {
			return in, fmt.Errorf("evidence: the config file: %w", err)
		}
		sum := sha256.Sum256(raw)
		in.Policy.Source, in.Policy.SourceSHA256 = req.ConfigFile, hex.EncodeToString(sum[:])
	}
	return in, nil
}

// anchors reads the anchor file, if any, into the pack (a copy) and for
// the checks (the latest anchor of each incident).
func (src evidenceSource) anchors(in *evidence.Input) (archive.Anchors, error) {
	if in.AnchorFile == "" {
		return archive.Anchors{}, nil
	}
	x, err := archive.ReadAnchors(in.AnchorFile)
	if err != nil {
		return x, err
	}
	if in.Anchors, err = os.ReadFile(in.AnchorFile); err != nil {
		return x, fmt.Errorf("evidence: the anchor file: %w", err)
	}
	return x, nil
}

// gone is the anchored incidents Redis no longer holds, as `tandem audit
// verify --all` finds them: an incident deleted from Redis is out of
// OpenedBetween, and only the anchors still name it.
// The period's incidents (inPeriod) count as held whatever the status
// indexes say.
func (src evidenceSource) gone(ctx context.Context, x archive.Anchors, inPeriod []incident.Incident) ([]evidence.Gone, error) {
	if len(x.Latest) == 0 {
		return nil, nil
	}
	incs, err := src.store.List(ctx, incident.StatusOpen, incident.StatusAcked, incident.StatusResolved)
	if err != nil {
		return nil, err
	}
	var present []string
	for _, inc := range slices.Concat(incs, inPeriod) {
		present = append(present, inc.ID)
	}
	list, err := unaccounted(x, present, src.cfg.Retention.ArchiveDir)
	if err != nil {
		return nil, fmt.Errorf("evidence: the retention archive: %w", err)
	}
	out := make([]evidence.Gone, len(list))
	for i, u := range list {
		out[i] = evidence.Gone{ID: u.ID, Anchored: u.Anchored, Archived: u.Archived}
	}
	return out, nil
}

// ReportZone is the zone reports (and evidence packs) show times in.
func (t *Tools) ReportZone() *time.Location { return t.svc.ReportZone() }

// makeEvidence is /incident evidence's pack: what `tandem evidence` writes,
// with the bot's store, keys and anchor file (the config file is not
// hashed: the bot may have read it long ago, and it may have changed since).
func (b *Bot) makeEvidence(ctx context.Context, p evidence.Period) ([]byte, evidence.Result, error) {
	keys, err := AuditKeys(b.cfg)
	if err != nil {
		return nil, evidence.Result{}, err
	}
	src := evidenceSource{store: b.store, svc: b.svc, cfg: b.cfg, keys: keys}
	in, err := src.input(ctx, EvidenceRequest{Period: p, AnchorFile: b.cfg.Audit.AnchorFile})
	if err != nil {
		return nil, evidence.Result{}, err
	}
	var buf bytes.Buffer
	res, err := evidence.Write(&buf, in)
	return buf.Bytes(), res, err
}
