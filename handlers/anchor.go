package handlers

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// AuditAnchor anchors every timeline's chain head in the store at at, and
// returns the anchor with the posts of its digest to the managers'
// channels (IDs derived from at, so a firing enqueued twice posts once).
// The caller makes sure a firing runs once (a job claim) and appends the
// anchor to the anchor file.
func (s *Service) AuditAnchor(ctx context.Context, at time.Time) (incident.Anchor, []incident.Effect, error) {
	incs, err := s.store.List(ctx, incident.StatusOpen, incident.StatusAcked, incident.StatusResolved)
	if err != nil {
		return incident.Anchor{}, nil, err
	}
	heads := make(map[string]string, len(incs))
	for _, inc := range incs {
		if inc.Head != "" {
			heads[inc.ID] = inc.Head
		}
	}
	a := incident.NewAnchor(at, heads)
	text := fmt.Sprintf("Audit anchor of %s: %d timeline(s), digest %s\n"+
		"Keep this message: `tandem audit verify --all --digest %s` checks the timelines and the anchor file against it.",
		a.At.Format(time.RFC3339), len(heads), a.Digest, a.Digest)
	return a, s.managersPosts(fmt.Sprintf("audit/anchor/%d", at.Unix()), text), nil
}

// managersPosts posts text to each of the managers' channels, one effect
// per platform, with IDs from key.
func (s *Service) managersPosts(key, text string) []incident.Effect {
	mgr := s.opt.Directory.Managers
	var out []incident.Effect
	for _, p := range slices.Sorted(maps.Keys(mgr.Channels)) {
		out = append(out, incident.Effect{ID: key + "/" + p, Kind: incident.EffectChannelPost,
			Platform: p, Channel: mgr.Channels[p], Team: mgr.Name, Text: text})
	}
	return out
}
