package incident

import (
	"testing"
	"unicode/utf8"
)

// FuzzCleanText: what cleanText returns holds no control character (but
// newline and tab) and no bidirectional control, and cleaning it again
// changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"Disk full\x1b[31m", "invoice\u202Efdp.exe", "C1\u0085x", " café 👩‍💻 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := cleanText(s)
		for _, r := range out {
			if r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f || bidiControl(r) {
				t.Fatalf("cleanText(%q) kept %U", s, r)
			}
		}
		if again := cleanText(out); again != out {
			t.Fatalf("not idempotent: %q then %q", out, again)
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("valid UTF-8 in, invalid out: %q", out)
		}
	})
}
