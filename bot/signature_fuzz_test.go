package bot

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// FuzzSignature: whatever the headers and body, checkSignature never
// panics; a request signed with the secret and a timestamp within the
// window verifies, and the same signature over a changed body or
// timestamp does not.
func FuzzSignature(f *testing.F) {
	f.Add([]byte(`{"summary":"x"}`), "1764600000", "sha256=00", int64(30))
	f.Add([]byte{}, "", "", int64(0))
	f.Add([]byte("a"), "-1", "sha256=zz", int64(-400))
	now := time.Unix(1764600000, 0)
	f.Fuzz(func(t *testing.T, body []byte, ts, sig string, skew int64) {
		h := http.Header{}
		h.Set(TimestampHeader, ts)
		h.Set(SignatureHeader, sig)
		checkSignature("k", h, body, now, skew%2 == 0) // must not panic

		at := strconv.FormatInt(now.Unix()+skew%600, 10)
		h.Set(TimestampHeader, at)
		h.Set(SignatureHeader, Sign("k", at, body))
		err := checkSignature("k", h, body, now, true)
		if inWindow := (skew%600)*(skew%600) <= 300*300; (err == nil) != inWindow {
			t.Fatalf("skew %ds: %v", skew%600, err)
		}
		if err == nil {
			if checkSignature("k", h, append(body, 'x'), now, true) == nil {
				t.Fatal("a changed body verified")
			}
			h.Set(TimestampHeader, strconv.FormatInt(now.Unix()+skew%600+1, 10))
			if checkSignature("k", h, body, now, true) == nil {
				t.Fatal("a changed timestamp verified")
			}
		}
	})
}
