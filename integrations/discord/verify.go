package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// ParsePublicKey reads an application's public key: 64 hexadecimal
// characters, as the Developer Portal shows it.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("discord: the public key must be 64 hexadecimal characters")
	}
	return ed25519.PublicKey(b), nil
}

// errBadSignature is every verification failure; the reason goes to the
// log, never to the caller, who may be probing.
var errBadSignature = errors.New("invalid request signature")

// Verify checks a request Discord signed: sigHex (X-Signature-Ed25519) must
// be the key's Ed25519 signature of timestamp (X-Signature-Timestamp)
// followed by the raw body. It runs before the body is parsed.
func Verify(key ed25519.PublicKey, sigHex, timestamp string, body []byte) error {
	if sigHex == "" || timestamp == "" {
		return fmt.Errorf("%w: signature or timestamp header missing", errBadSignature)
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return fmt.Errorf("%w: malformed signature", errBadSignature)
	}
	msg := make([]byte, 0, len(timestamp)+len(body))
	msg = append(append(msg, timestamp...), body...)
	if !ed25519.Verify(key, msg, sig) {
		return fmt.Errorf("%w: signature does not match", errBadSignature)
	}
	return nil
}

// checkFresh refuses a signed timestamp (Unix seconds) further than skew
// from now, so a captured request cannot be replayed later.
func checkFresh(timestamp string, now time.Time, skew time.Duration) error {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: timestamp %q is not Unix seconds", errBadSignature, timestamp)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > skew || d < -skew {
		return fmt.Errorf("%w: timestamp is %s away from now", errBadSignature, d.Round(time.Second))
	}
	return nil
}
