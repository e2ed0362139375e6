package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"strconv"
	"testing"
	"time"
)

// FuzzVerify: whatever the signature, timestamp and body headers hold,
// Verify and checkFresh never panic, Verify accepts exactly what the key
// signed, and checkFresh only timestamps within the skew.
func FuzzVerify(f *testing.F) {
	seed := make([]byte, ed25519.SeedSize)
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"type":1}`)
	ts := "1800000000"
	good := hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...)))
	f.Add(good, ts, body)
	f.Add(good, "1800000001", body)
	f.Add("", "", []byte{})
	f.Add(good[:10], "-1", []byte(`{}`))
	f.Add("zz", "99999999999999999999", body)
	f.Fuzz(func(t *testing.T, sig, timestamp string, body []byte) {
		err := Verify(pub, sig, timestamp, body)
		raw, herr := hex.DecodeString(sig)
		valid := herr == nil && len(raw) == ed25519.SignatureSize && timestamp != "" &&
			ed25519.Verify(pub, append([]byte(timestamp), body...), raw)
		if (err == nil) != valid {
			t.Fatalf("Verify(%q, %q, %q) = %v; the key's own check says %v", sig, timestamp, body, err, valid)
		}
		if checkFresh(timestamp, now, 5*time.Minute) == nil {
			if d := now.Sub(mustUnix(t, timestamp)); d > 5*time.Minute || d < -5*time.Minute {
				t.Fatalf("checkFresh accepted %q, %v away", timestamp, d)
			}
		}
	})
}

func mustUnix(t *testing.T, ts string) time.Time {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		t.Fatalf("checkFresh accepted %q, which is not Unix seconds: %v", ts, err)
	}
	return time.Unix(sec, 0)
}
