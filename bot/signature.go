package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Headers of a monitoring webhook signed with the source's HMAC secret.
const (
	SignatureHeader = "X-Tandem-Signature" // sha256=<hex HMAC-SHA256>
	TimestampHeader = "X-Tandem-Timestamp" // Unix seconds, signed with the body
)

// signatureWindow is how far a signed timestamp may be from the server's
// clock, either way: a captured request cannot be replayed after it.
const signatureWindow = 5 * time.Minute

// Sign returns the X-Tandem-Signature value of body: with a timestamp
// (ts != ""), the HMAC of ts + "." + body, which a replay cannot reuse
// after the window; without one, of the body alone.
func Sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	if ts != "" {
		mac.Write([]byte(ts + "."))
	}
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// checkSignature verifies a request's X-Tandem-Signature against secret,
// in constant time. With X-Tandem-Timestamp the timestamp is signed too and
// must be within signatureWindow of now; without it the body's signature is
// accepted unless requireTS. The error says what was wrong, never a secret.
func checkSignature(secret string, h http.Header, body []byte, now time.Time, requireTS bool) error {
	sig, ok := strings.CutPrefix(h.Get(SignatureHeader), "sha256=")
	if !ok {
		return errors.New("no X-Tandem-Signature: sha256=<hex>")
	}
	ts := strings.TrimSpace(h.Get(TimestampHeader))
	switch {
	case ts == "" && requireTS:
		return errors.New("X-Tandem-Timestamp is required: sign timestamp + \".\" + body")
	case ts != "":
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return errors.New("X-Tandem-Timestamp must be Unix seconds")
		}
		if skew := now.Sub(time.Unix(sec, 0)).Abs(); skew > signatureWindow {
			return fmt.Errorf("X-Tandem-Timestamp is %s away from now; the window is %s (a replay, or a clock out of step)", skew.Round(time.Second), signatureWindow)
		}
	}
	got, err := hex.DecodeString(strings.TrimSpace(sig))
	want, _ := hex.DecodeString(strings.TrimPrefix(Sign(secret, ts, body), "sha256="))
	if err != nil || !hmac.Equal(got, want) {
		return errors.New("X-Tandem-Signature does not match")
	}
	return nil
}
