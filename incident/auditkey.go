package incident

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// MinAuditKeyBytes is the shortest audit key accepted: HMAC-SHA256 is as
// strong as its key, and 32 bytes is SHA-256's own size.
const MinAuditKeyBytes = 32

// AuditKey keys the timeline chain (HMAC-SHA256). Its secret never enters
// Redis: entries carry only the key's ID, so someone who can write Redis
// but does not have the key cannot compute a keyed entry's hash.
type AuditKey struct {
	id     string
	secret []byte
}

// NewAuditKey makes a key from a secret of at least MinAuditKeyBytes.
func NewAuditKey(secret string) (*AuditKey, error) {
	if len(secret) < MinAuditKeyBytes {
		return nil, fmt.Errorf("an audit key must be at least %d bytes, this one has %d (make one with: openssl rand -hex 32)", MinAuditKeyBytes, len(secret))
	}
	return &AuditKey{id: auditKeyID(secret), secret: []byte(secret)}, nil
}

// ID names the key in the entries it keys: "k-" and 8 hex digits derived
// from the key (an HMAC of a fixed label), so rotating keys needs no IDs in
// config, and the ID reveals nothing usable about the key.
func (k *AuditKey) ID() string { return k.id }

func auditKeyID(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("tandem-audit-key-id"))
	return "k-" + hex.EncodeToString(m.Sum(nil))[:8]
}

// Keyring holds the audit keys: the first keys new entries, all of them
// check old ones, so a rotated-out key keeps its entries verifiable.
type Keyring struct {
	keys []*AuditKey
}

// NewKeyring makes a keyring from secrets, the signing key first. No
// secrets give a nil keyring: the chain is then unkeyed (SHA-256).
func NewKeyring(secrets []string) (*Keyring, error) {
	if len(secrets) == 0 {
		return nil, nil
	}
	r := &Keyring{}
	for i, s := range secrets {
		k, err := NewAuditKey(s)
		if err != nil {
			return nil, fmt.Errorf("audit key %d: %w", i+1, err)
		}
		r.keys = append(r.keys, k)
	}
	return r, nil
}

// Signer is the key new entries are keyed with; nil for a nil keyring.
func (r *Keyring) Signer() *AuditKey {
	if r == nil {
		return nil
	}
	return r.keys[0]
}

// IDs lists the keys' IDs, the signing key first.
func (r *Keyring) IDs() []string {
	if r == nil {
		return nil
	}
	ids := make([]string, len(r.keys))
	for i, k := range r.keys {
		ids[i] = k.id
	}
	return ids
}

// byID finds a key by its ID; nil when the keyring has none of that ID.
func (r *Keyring) byID(id string) *AuditKey {
	if r == nil {
		return nil
	}
	for _, k := range r.keys {
		if k.id == id {
			return k
		}
	}
	return nil
}
