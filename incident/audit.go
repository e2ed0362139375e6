package incident

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"time"
)

// The timeline is a hash chain, so nobody can quietly edit it: each entry
// carries the hash of the entry before it (Prev) and its own hash (Hash),
// SHA-256 over Prev and the entry's content; the incident keeps the last
// hash (Head). Changing, removing, inserting or reordering an entry breaks
// the chain at that entry; removing the last entries breaks the Head.
//
// Canonical encoding, version 1 (docs/reports.md repeats it for auditors):
// the hash is the lower-case hex SHA-256 of the concatenation of these
// netstrings, where a netstring is "<byte length in decimal>:<bytes>,":
//
//	"tandem-timeline-v1", incident ID, Prev,
//	At in UTC as RFC 3339 with nanoseconds (Go's time.RFC3339Nano, which
//	drops trailing zeros of the fraction), Kind,
//	Actor.Name, Actor.Side, Actor.Platform, Actor.User,
//	the number of Details in decimal, then each detail's key and value,
//	keys in byte order.
//
// Length prefixes make the encoding unambiguous whatever the text holds
// (a note may contain anything), and it needs no JSON library to recompute.

// chainVersion names the canonical encoding of unkeyed entries (plain
// SHA-256), and keyedVersion that of keyed ones (HMAC-SHA256, below).
const (
	chainVersion = "tandem-timeline-v1"
	keyedVersion = "tandem-timeline-v2"
)

// EntryHash returns the hash of e in incident id's timeline, from e.Prev and
// e's content (its Hash field is not part of it). An entry with a key ID
// (e.Key) is keyed: its hash is the HMAC-SHA256 with key, which must be the
// key of that ID; an entry without is plain SHA-256 and key is ignored.
//
// Keyed encoding, version 2: the same netstrings as version 1, with
// "tandem-timeline-v2" and then the key ID in place of "tandem-timeline-v1".
func EntryHash(id string, e Event, key *AuditKey) string {
	var h hash.Hash
	if e.Key == "" {
		h = sha256.New()
	} else {
		h = hmac.New(sha256.New, key.secret)
	}
	put := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
		h.Write([]byte{','})
	}
	if e.Key == "" {
		put(chainVersion)
	} else {
		put(keyedVersion)
		put(e.Key)
	}
	put(id)
	put(e.Prev)
	put(e.At.UTC().Format(time.RFC3339Nano))
	put(string(e.Kind))
	put(e.Actor.Name)
	put(string(e.Actor.Side))
	put(e.Actor.Platform)
	put(e.Actor.User)
	put(strconv.Itoa(len(e.Details)))
	keys := make([]string, 0, len(e.Details))
	for k := range e.Details {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		put(k)
		put(e.Details[k])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Chain links events after head: each gets Prev and Hash, keyed with key
// when it is not nil. It returns the linked copies and the new head; events
// itself is not changed.
func Chain(id, head string, events []Event, key *AuditKey) ([]Event, string) {
	out := make([]Event, len(events))
	for i, e := range events {
		e.Prev, e.Key = head, ""
		if key != nil {
			e.Key = key.id
		}
		e.Hash = EntryHash(id, e, key)
		head = e.Hash
		out[i] = e
	}
	return out, head
}

// Mismatch is the first place a timeline does not match its chain.
type Mismatch struct {
	Position int  // 1-based entry number; entries+1 for the head
	Head     bool // the incident's head is wrong, not an entry
	Kind     Kind // the entry's kind as stored
	At       time.Time
	Reason   string
}

func (m *Mismatch) Error() string {
	if m.Head {
		return fmt.Sprintf("after entry %d: %s", m.Position-1, m.Reason)
	}
	what := string(m.Kind)
	if what == "" {
		what = "unreadable"
	}
	if !m.At.IsZero() {
		what += " at " + m.At.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("entry %d (%s): %s", m.Position, what, m.Reason)
}

// VerifyOptions is what a check knows from outside Redis.
type VerifyOptions struct {
	// Keys are the audit keys (audit.key_env): keyed entries are checked
	// with the key their ID names. With keys, an unkeyed entry passes only
	// when an anchor covers it (it was written before the key was set).
	Keys *Keyring
	// Anchor is the incident's head as the latest anchor recorded it
	// outside Redis ("" when no anchor names the incident), AnchorAt when.
	Anchor   string
	AnchorAt time.Time
	// AllowUnkeyed accepts unkeyed entries before the first keyed one
	// without an anchor (the archive, whose lines have none); unkeyed
	// entries after a keyed one are still findings.
	AllowUnkeyed bool
}

// Verify checks incident id's whole timeline against its chain, the keys,
// the anchor and the incident's head, and returns the first mismatch, or
// nil when every entry is as it was written.
func Verify(id string, events []Event, head string, opt VerifyOptions) *Mismatch {
	anchored := 0 // entries 1..anchored are covered by the anchor
	for i, e := range events {
		if opt.Anchor != "" && e.Hash == opt.Anchor {
			anchored = i + 1
		}
	}
	prev, keyed := "", false
	for i, e := range events {
		if m := verifyEntry(id, i, e, prev, keyed || (i >= anchored && !opt.AllowUnkeyed), opt.Keys); m != nil {
			return m
		}
		prev, keyed = e.Hash, keyed || e.Key != ""
	}
	if prev != head {
		return &Mismatch{Position: len(events) + 1, Head: true,
			Reason: fmt.Sprintf("the incident's head %s is not the last entry's hash %s: entries after it were removed, or the head was changed", short(head), short(prev))}
	}
	if opt.Anchor != "" && anchored == 0 {
		return &Mismatch{Position: len(events) + 1, Head: true,
			Reason: fmt.Sprintf("the anchor of %s recorded head %s, which is in no entry of this timeline: entries up to it were changed or removed after it was anchored", opt.AnchorAt.UTC().Format(time.RFC3339), short(opt.Anchor))}
	}
	return nil
}

// verifyEntry checks entry i (0-based) against the hash before it and its
// key. mustKey: with keys configured, an unkeyed entry here is a finding
// (it follows a keyed one, or no anchor covers it).
func verifyEntry(id string, i int, e Event, prev string, mustKey bool, keys *Keyring) *Mismatch {
	bad := func(format string, args ...any) *Mismatch {
		return &Mismatch{Position: i + 1, Kind: e.Kind, At: e.At, Reason: fmt.Sprintf(format, args...)}
	}
	var key *AuditKey
	switch {
	case e.Hash == "":
		return bad("it has no hash (written before the chain existed, or its hash was removed)")
	case e.Prev != prev && i == 0:
		return bad("it is the first entry but names a previous hash %s: entries before it were removed", short(e.Prev))
	case e.Prev != prev:
		return bad("its prev %s is not entry %d's hash %s: an entry between them was removed or inserted, or this prev was changed", short(e.Prev), i, short(prev))
	case e.Key != "":
		if key = keys.byID(e.Key); key == nil {
			return bad("it is keyed with audit key %s, which is not configured here (audit.key_env): it cannot be checked", e.Key)
		}
	case mustKey && keys != nil:
		return bad("it is not keyed, although audit keys are set, and no anchor covers it: it was written by a Tandem without audit.key_env, or rewritten by someone who could write Redis")
	}
	if got := EntryHash(id, e, key); got != e.Hash {
		return bad("its content hashes to %s but its stored hash is %s: a field of this entry (time, kind, actor or details) or its hash was changed", short(got), short(e.Hash))
	}
	return nil
}

// short abbreviates a hash for messages; the full value is in the data.
func short(h string) string {
	if h == "" {
		return `""`
	}
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}
