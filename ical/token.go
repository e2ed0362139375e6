package ical

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// Token is team's feed token: an HMAC of the team name under secret, so
// each team has its own and none is stored. Calendar apps cannot send
// headers, so the token travels in the URL.
func Token(secret, team string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("tandem ical feed\x00" + team))
	return hex.EncodeToString(m.Sum(nil)[:20])
}

// ValidToken reports, in constant time, whether token is team's.
func ValidToken(secret, team, token string) bool {
	return hmac.Equal([]byte(Token(secret, team)), []byte(token))
}
