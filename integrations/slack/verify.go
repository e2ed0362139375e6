package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Signature headers and the window Slack's timestamps must fall in.
const (
	HeaderSignature = "X-Slack-Signature"
	HeaderTimestamp = "X-Slack-Request-Timestamp"
	MaxSkew         = 5 * time.Minute
)

// Verification errors. Their text is safe to answer with: it names what is
// wrong, never a computed signature.
var (
	ErrMissingSignature = errors.New("missing X-Slack-Signature or X-Slack-Request-Timestamp")
	ErrStaleTimestamp   = errors.New("X-Slack-Request-Timestamp is more than 5 minutes from now")
	ErrBadSignature     = errors.New("X-Slack-Signature does not match the body")
)

// Verify checks Slack's v0 request signature: the hex HMAC-SHA256, keyed
// with the signing secret, of "v0:{timestamp}:{body}", with the timestamp
// within five minutes of now (which stops replays of old requests). It is
// called before anything parses the body; the comparison is constant-time.
func Verify(h http.Header, body []byte, secret string, now time.Time) error {
	sig, ts := h.Get(HeaderSignature), h.Get(HeaderTimestamp)
	if sig == "" || ts == "" || secret == "" {
		return ErrMissingSignature
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return ErrStaleTimestamp
	}
	if skew := now.Sub(time.Unix(sec, 0)); skew > MaxSkew || skew < -MaxSkew {
		return ErrStaleTimestamp
	}
	got, err := hex.DecodeString(strings.TrimPrefix(sig, "v0="))
	if err != nil || !strings.HasPrefix(sig, "v0=") {
		return ErrBadSignature
	}
	if !hmac.Equal(got, Sign(secret, ts, body)) {
		return ErrBadSignature
	}
	return nil
}

// Sign returns the raw v0 signature of body sent at timestamp ts (Unix
// seconds); "v0=" + hex of it is the X-Slack-Signature header.
func Sign(secret, ts string, body []byte) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	return mac.Sum(nil)
}

// SignatureHeader returns the X-Slack-Signature value for body at ts.
func SignatureHeader(secret, ts string, body []byte) string {
	return "v0=" + hex.EncodeToString(Sign(secret, ts, body))
}
