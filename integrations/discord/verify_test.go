package discord

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strconv"
	"testing"
	"time"
)

// RFC 8032 §7.1 test vectors. Discord signs timestamp+body, so the known
// message is split into a "timestamp" and a "body" whose concatenation is
// that message.
var rfc8032 = []struct {
	name, seed, pub, ts, body, sig string
}{
	{"TEST2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
		"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72", "",
		"92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
	{"TEST3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
		"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af", "82",
		"6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVerifyRFC8032Vectors(t *testing.T) {
	for _, v := range rfc8032 {
		t.Run(v.name, func(t *testing.T) {
			key, err := ParsePublicKey(v.pub)
			if err != nil {
				t.Fatal(err)
			}
			ts, body := string(unhex(t, v.ts)), unhex(t, v.body)
			if err := Verify(key, v.sig, ts, body); err != nil {
				t.Fatalf("known signature refused: %v", err)
			}
			// The vector's secret key gives the same key and signature
			// (Ed25519 is deterministic), so the vector is read right.
			priv := ed25519.NewKeyFromSeed(unhex(t, v.seed))
			if got := hex.EncodeToString(priv.Public().(ed25519.PublicKey)); got != v.pub {
				t.Fatalf("public key from seed %s", got)
			}
			if got := hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))); got != v.sig {
				t.Fatalf("signature from seed %s", got)
			}
			tampered := append([]byte(nil), body...)
			tampered = append(tampered, 'x')
			if err := Verify(key, v.sig, ts, tampered); !errors.Is(err, errBadSignature) {
				t.Fatalf("tampered body accepted: %v", err)
			}
		})
	}
}

func TestVerifyGeneratedKey(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	body := []byte(`{"type":1}`)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	good := hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...)))
	tests := []struct {
		name, sig, ts string
		body          []byte
		ok            bool
	}{
		{"OK", good, ts, body, true},
		{"ErrMissingSignature", "", ts, body, false},
		{"ErrMissingTimestamp", good, "", body, false},
		{"ErrOtherTimestamp", good, ts + "1", body, false},
		{"ErrOtherBody", good, ts, []byte(`{"type":2}`), false},
		{"ErrOtherKey", hex.EncodeToString(ed25519.Sign(other, append([]byte(ts), body...))), ts, body, false},
		{"ErrNotHex", "zz" + good[2:], ts, body, false},
		{"ErrShort", good[:64], ts, body, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Verify(pub, tc.sig, tc.ts, tc.body)
			if (err == nil) != tc.ok {
				t.Fatalf("Verify = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestParsePublicKey(t *testing.T) {
	for _, bad := range []string{"", "abc", "zz" + rfc8032[0].pub[2:], rfc8032[0].pub + "00"} {
		if _, err := ParsePublicKey(bad); err == nil {
			t.Errorf("ParsePublicKey(%q) accepted", bad)
		}
	}
}

func TestCheckFresh(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	for ts, ok := range map[string]bool{"1800000000": true, "1799999800": true, "1800000299": true, "1799999000": false, "1800000400": false, "soon": false} {
		if err := checkFresh(ts, now, 5*time.Minute); (err == nil) != ok {
			t.Errorf("checkFresh(%s) = %v, want ok=%v", ts, err, ok)
		}
	}
}
