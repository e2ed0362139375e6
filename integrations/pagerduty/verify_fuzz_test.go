package pagerduty_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/integrations/pagerduty"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
)

// FuzzVerify: whatever X-PagerDuty-Signature holds, Verify never panics
// and accepts a body only when one of the header's v1= entries is the
// HMAC-SHA256 of the body with one of the secrets.
func FuzzVerify(f *testing.F) {
	body := []byte(`{"event":{"id":"01","event_type":"incident.acknowledged"}}`)
	f.Add(body, pagerdutytest.Signature(body, "old"))
	f.Add(body, pagerdutytest.Signature(body, "old", "new"))
	f.Add(body, "v1=,v1=zz, v1="+strings.Repeat("0", 64))
	f.Add([]byte{}, "")
	f.Add(body, "v0="+strings.Repeat("a", 64))
	secrets := []string{"old", "new", ""}
	f.Fuzz(func(t *testing.T, body []byte, header string) {
		got := pagerduty.Verify(body, header, secrets)
		want := false
		for _, part := range strings.Split(header, ",") {
			sig, ok := strings.CutPrefix(strings.TrimSpace(part), "v1=")
			raw, err := hex.DecodeString(sig)
			if !ok || err != nil {
				continue
			}
			for _, s := range secrets[:2] {
				m := hmac.New(sha256.New, []byte(s))
				m.Write(body)
				want = want || hmac.Equal(raw, m.Sum(nil))
			}
		}
		if got != want {
			t.Fatalf("Verify(%q, %q) = %v, want %v", body, header, got, want)
		}
	})
}
