package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/tandemhq/tandem/incident"
)

// MaxKeyBytes is the longest dedup key, group key or fingerprint stored as
// sent; a longer one is stored as "sha256:<hex>" of it. The hash is
// deterministic, so a repeated delivery still finds its incident and
// alerts, and a sender cannot make one key cost more than 71 bytes.
const MaxKeyBytes = 256

// storedKey returns k, or its hash when k is longer than MaxKeyBytes.
func storedKey(k string) string {
	if len(k) <= MaxKeyBytes {
		return k
	}
	sum := sha256.Sum256([]byte(k))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// limitKeys returns g with its key and fingerprints as they are stored.
func limitKeys(g incident.AlertGroup) incident.AlertGroup {
	g.Key = storedKey(g.Key)
	long := false
	for _, a := range g.Alerts {
		long = long || len(a.Fingerprint) > MaxKeyBytes
	}
	if !long {
		return g
	}
	alerts := make([]incident.Alert, len(g.Alerts))
	for i, a := range g.Alerts {
		a.Fingerprint = storedKey(a.Fingerprint)
		alerts[i] = a
	}
	g.Alerts = alerts
	return g
}

// claimGroup claims the group's dedup key under the source's storm guard.
// Only a group that fires can be a new group: one that only resolves
// opens nothing, so it is not counted.
func (s *Service) claimGroup(ctx context.Context, g incident.AlertGroup, key, replace string, rule SourceRule) (incident.GroupClaimed, error) {
	c := incident.GroupClaim{Key: key, Replace: replace, Source: g.Source, Minute: s.opt.Now().Unix() / 60}
	if g.Firing() {
		c.Limit = rule.MaxNewPerMinute
	}
	return s.store.ClaimGroup(ctx, c)
}

// limited reports a committed delivery's diverted and not-stored alerts.
func (s *Service) limited(g incident.AlertGroup, joined bool, notStored int) {
	diverted := 0
	if joined {
		diverted = len(g.Alerts)
	}
	if s.opt.Limited != nil && (diverted > 0 || notStored > 0) {
		s.opt.Limited(g.Source, diverted, notStored)
	}
}
