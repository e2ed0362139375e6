package incident_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
)

const (
	keyA = "0123456789abcdef0123456789abcdef" // 32 bytes
	keyB = "fedcba9876543210fedcba9876543210-rotated"
)

func keyring(t *testing.T, secrets ...string) *incident.Keyring {
	t.Helper()
	r, err := incident.NewKeyring(secrets)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func timeline(n int) []incident.Event {
	alice := incident.Actor{Name: "Alice", Side: incident.Internal, Platform: "slack", User: "U01"}
	out := make([]incident.Event, n)
	for i := range out {
		out[i] = incident.NewEvent(auditT0.Add(time.Duration(i)*time.Minute), incident.KindNote, alice, "text", strings.Repeat("x", i))
	}
	return out
}

// The keyed encoding is pinned like the plain one, so an auditor can
// recompute it with openssl.
func TestKeyedEntryHashIsPinned(t *testing.T) {
	k, err := incident.NewAuditKey(keyA)
	if err != nil {
		t.Fatal(err)
	}
	// printf '%s' tandem-audit-key-id | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef | cut -c1-8 (of the digest)
	if k.ID() != "k-cc0dba04" {
		t.Fatalf("key ID %s", k.ID())
	}
	e := incident.Event{At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Kind: incident.KindNote, Key: k.ID(),
		Actor:   incident.Actor{Name: "Nora", Side: incident.MSP, Platform: "discord", User: "333"},
		Details: map[string]string{"text": "hello", "a": "1"}}
	// printf '%s' '18:tandem-timeline-v2,10:k-cc0dba04,5:INC-1,0:,20:2026-01-02T03:04:05Z,4:note,4:Nora,3:msp,7:discord,3:333,1:2,1:a,1:1,4:text,5:hello,' | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
	const want = "c11d4c991ae3903216add2792a246e46e46f819fcae6e1570e8e55d03f45c46d"
	if got := incident.EntryHash("INC-1", e, k); got != want {
		t.Fatalf("EntryHash = %s, want %s", got, want)
	}
}

func TestAuditKeyTooShort(t *testing.T) {
	if _, err := incident.NewKeyring([]string{keyA, "short"}); err == nil || !strings.Contains(err.Error(), "audit key 2") {
		t.Fatalf("a 5-byte key was taken: %v", err)
	}
}

// Someone who can write Redis but has no key rewrites a keyed timeline and
// recomputes every hash, the way they could with plain SHA-256: the check
// with the key names the first entry.
func TestKeyedChainResistsRewriting(t *testing.T) {
	ring := keyring(t, keyA)
	evs, head := incident.Chain("INC-7", "", timeline(4), ring.Signer())
	if m := incident.Verify("INC-7", evs, head, incident.VerifyOptions{Keys: ring}); m != nil {
		t.Fatalf("untouched keyed timeline: %v", m)
	}
	edited := timeline(4)
	edited[2].Details["text"] = "nothing happened"
	t.Run("UnkeyedRewrite", func(t *testing.T) {
		forged, fhead := incident.Chain("INC-7", "", edited, nil)
		m := incident.Verify("INC-7", forged, fhead, incident.VerifyOptions{Keys: ring})
		if m == nil || m.Position != 1 || !strings.Contains(m.Reason, "not keyed") {
			t.Fatalf("unkeyed rewrite: %v", m)
		}
	})
	t.Run("OtherKey", func(t *testing.T) {
		forged, fhead := incident.Chain("INC-7", "", edited, keyring(t, keyB).Signer())
		m := incident.Verify("INC-7", forged, fhead, incident.VerifyOptions{Keys: ring})
		if m == nil || m.Position != 1 || !strings.Contains(m.Reason, "not configured") {
			t.Fatalf("rewrite with another key: %v", m)
		}
	})
	t.Run("ClaimsOurKeyID", func(t *testing.T) {
		forged, fhead := incident.Chain("INC-7", "", edited, keyring(t, keyB).Signer())
		for i := range forged {
			forged[i].Key = ring.Signer().ID()
		}
		m := incident.Verify("INC-7", forged, fhead, incident.VerifyOptions{Keys: ring})
		if m == nil || m.Position != 1 || !strings.Contains(m.Reason, "content hashes to") {
			t.Fatalf("forged key ID: %v", m)
		}
	})
	t.Run("DowngradeAfterKeyed", func(t *testing.T) {
		tail, fhead := incident.Chain("INC-7", evs[1].Hash, edited[2:], nil)
		forged := append(append([]incident.Event{}, evs[:2]...), tail...)
		m := incident.Verify("INC-7", forged, fhead, incident.VerifyOptions{Keys: ring, Anchor: evs[3].Hash})
		if m == nil || m.Position != 3 || !strings.Contains(m.Reason, "not keyed") {
			t.Fatalf("unkeyed entries after keyed ones: %v", m)
		}
	})
	t.Run("WithoutKeys", func(t *testing.T) {
		m := incident.Verify("INC-7", evs, head, incident.VerifyOptions{})
		if m == nil || m.Position != 1 || !strings.Contains(m.Reason, "cannot be checked") {
			t.Fatalf("keyed entries checked without a key: %v", m)
		}
	})
}

// Rotation: entries keyed with the old key stay verifiable while the old
// key is still listed after the new one, and say which key is missing
// once it is not.
func TestKeyRotation(t *testing.T) {
	old := keyring(t, keyA)
	evs, head := incident.Chain("INC-7", "", timeline(2), old.Signer())
	rotated := keyring(t, keyB, keyA)
	more, head := incident.Chain("INC-7", head, timeline(2), rotated.Signer())
	evs = append(evs, more...)
	if evs[0].Key == evs[2].Key {
		t.Fatal("the rotated key keys with the same ID")
	}
	if m := incident.Verify("INC-7", evs, head, incident.VerifyOptions{Keys: rotated}); m != nil {
		t.Fatalf("rotated keyring: %v", m)
	}
	m := incident.Verify("INC-7", evs, head, incident.VerifyOptions{Keys: keyring(t, keyB)})
	if m == nil || m.Position != 1 || !strings.Contains(m.Reason, old.Signer().ID()) {
		t.Fatalf("old key dropped: %v", m)
	}
}

// Timelines from before the key was set are unkeyed: they pass once an
// anchor covers them, and an anchored head no longer in the timeline is a
// finding even when the rewritten chain is consistent.
func TestUnkeyedEntriesNeedAnAnchor(t *testing.T) {
	ring := keyring(t, keyA)
	legacy, head := incident.Chain("INC-7", "", timeline(3), nil)
	keyed, head := incident.Chain("INC-7", head, timeline(2), ring.Signer())
	evs := append(legacy, keyed...)
	at := auditT0.Add(time.Hour)
	if m := incident.Verify("INC-7", evs, head, incident.VerifyOptions{Keys: ring}); m == nil || m.Position != 1 {
		t.Fatalf("unanchored legacy entries passed: %v", m)
	}
	if m := incident.Verify("INC-7", evs, head, incident.VerifyOptions{Keys: ring, Anchor: legacy[2].Hash, AnchorAt: at}); m != nil {
		t.Fatalf("anchored legacy entries: %v", m)
	}
	if m := incident.Verify("INC-7", evs, head, incident.VerifyOptions{Keys: ring, Anchor: legacy[1].Hash, AnchorAt: at}); m == nil || m.Position != 3 {
		t.Fatalf("a legacy entry after the anchor passed: %v", m)
	}
	// Without keys, a rewrite with a recomputed chain is caught by the anchor alone.
	edited := timeline(3)
	edited[1].Details["text"] = "edited"
	forged, fhead := incident.Chain("INC-7", "", edited, nil)
	m := incident.Verify("INC-7", forged, fhead, incident.VerifyOptions{Anchor: legacy[2].Hash, AnchorAt: at})
	if m == nil || !m.Head || !strings.Contains(m.Reason, "anchor of 2026-11-01T07:30:00Z") {
		t.Fatalf("rewrite under an anchor: %v", m)
	}
	// Removing entries from the end down past the anchored head is caught too.
	if m := incident.Verify("INC-7", legacy[:2], legacy[1].Hash, incident.VerifyOptions{Anchor: legacy[2].Hash, AnchorAt: at}); m == nil || !m.Head {
		t.Fatalf("truncation under an anchor: %v", m)
	}
}

func TestAnchorDigestIsPinned(t *testing.T) {
	a := incident.NewAnchor(time.Date(2026, 12, 4, 0, 10, 0, 5, time.UTC), map[string]string{"INC-2": "bbb", "INC-1": "aaa"})
	// printf '%s' '16:tandem-anchor-v1,20:2026-12-04T00:10:00Z,1:2,5:INC-1,3:aaa,5:INC-2,3:bbb,' | sha256sum
	if a.Digest != "ba1a990ed5e9d24c2c887484458e1061e22b8ce143a4a6b2474dd17768dac2ef" {
		t.Fatalf("digest %s", a.Digest)
	}
	if err := a.Check(); err != nil {
		t.Fatal(err)
	}
	a.Heads["INC-1"] = "aab"
	if err := a.Check(); err == nil || !strings.Contains(err.Error(), "edited") {
		t.Fatalf("edited anchor: %v", err)
	}
}
