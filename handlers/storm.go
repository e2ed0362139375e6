package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"time"

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

// lostRace waits a random moment, growing with the attempt, after a commit
// lost to another replica. One incident that every delivery changes (a
// storm incident) is contended by all replicas at once; without the pause
// they retry in lockstep and one can lose every attempt.
func lostRace(ctx context.Context, attempt int) {
	t := time.NewTimer(rand.N(time.Duration(attempt+1) * time.Millisecond))
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
