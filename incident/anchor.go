package incident

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"
)

// An Anchor records every timeline's head at one moment, outside Redis: the
// daily anchor job posts its Digest to the managers' channel and appends the
// whole anchor to audit.anchor_file. A timeline rewritten afterwards, even
// with a correctly recomputed chain, no longer contains its anchored head.
//
// Digest encoding, version 1: the lower-case hex SHA-256 of the netstrings
// "tandem-anchor-v1", At as RFC 3339 in UTC, the number of heads in decimal,
// then each incident ID and its head, IDs in byte order (docs/reports.md).
type Anchor struct {
	At     time.Time         `json:"at"`
	Digest string            `json:"digest"`
	Heads  map[string]string `json:"heads"` // incident ID → chain head
}

// NewAnchor anchors heads at at.
func NewAnchor(at time.Time, heads map[string]string) Anchor {
	a := Anchor{At: at.UTC().Truncate(time.Second), Heads: heads}
	a.Digest = a.digest()
	return a
}

// Check reports whether the anchor's digest is the digest of its heads.
func (a Anchor) Check() error {
	if got := a.digest(); got != a.Digest {
		return fmt.Errorf("its digest %s is not the digest of its heads (%s): the anchor was edited", short(a.Digest), short(got))
	}
	return nil
}

func (a Anchor) digest() string {
	h := sha256.New()
	put := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s)) + ":" + s + ","))
	}
	put("tandem-anchor-v1")
	put(a.At.UTC().Format(time.RFC3339))
	put(strconv.Itoa(len(a.Heads)))
	for _, id := range slices.Sorted(maps.Keys(a.Heads)) {
		put(id)
		put(a.Heads[id])
	}
	return hex.EncodeToString(h.Sum(nil))
}
