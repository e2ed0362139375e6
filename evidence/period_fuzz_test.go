package evidence

import (
	"testing"
	"time"
)

// ParsePeriod reads what a manager types in chat: whatever it is, the
// answer is an error or a period whose start is before its end.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range [][2]string{{"2026-10-01", "2026-12-31"}, {"", ""}, {"2026-12-01T06:00:00Z", "2026-12-01T07:00:00+01:00"}, {"9999-12-31", ""}, {"0000-01-01", "x"}} {
		f.Add(s[0], s[1])
	}
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, from, to string) {
		p, err := ParsePeriod(from, to, now, chicago)
		if err == nil && !p.From.Before(p.To) {
			t.Fatalf("ParsePeriod(%q, %q) = %v to %v without an error", from, to, p.From, p.To)
		}
	})
}
