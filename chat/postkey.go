package chat

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// PostKey names one message Tandem posts (an effect, a room's card, one
// timeline entry in a room), the same on every attempt, so an attempt that
// may repeat an earlier one can find that earlier post instead of posting
// again. Between a chat call that succeeded and the write that records it
// there is a moment (a process killed there, Redis gone there) after which
// nobody knows whether the message went out: the key is how the platform
// is asked.
type PostKey struct {
	// ID is stable across attempts and unique among Tandem's posts.
	ID string
	// Retry says an earlier attempt may have posted the message: the
	// platform is checked (Slack: the channel's recent history) before
	// posting. Platforms that deduplicate by themselves (Discord's
	// enforced nonce) need no check.
	Retry bool
}

// Nonce is a short, stable form of the key's ID for platforms that limit
// the length of a deduplication token (Discord: 25 characters): 24 hex
// digits of its SHA-256.
func (k PostKey) Nonce() string {
	sum := sha256.Sum256([]byte(k.ID))
	return hex.EncodeToString(sum[:12])
}

// MarkerPrefix starts the marker Tandem ends what it writes on a record
// it cannot key otherwise (a PSA ticket's notes): how a retry finds what an
// earlier attempt wrote, and how an inbound change tells Tandem's own
// writes (echoes) from people's.
const MarkerPrefix = "[tandem:"

// Marker is k's marker: MarkerPrefix, the key's nonce, "]".
func (k PostKey) Marker() string { return MarkerPrefix + k.Nonce() + "]" }

// HasMarker reports whether text carries a Tandem marker.
func HasMarker(text string) bool { return strings.Contains(text, MarkerPrefix) }
