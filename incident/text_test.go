package incident

import (
	"testing"
	"time"
)

// Text from outside (alert summaries, typed titles and notes) is inert:
// C0 and C1 controls, DEL and bidirectional controls are dropped, newline,
// tab, accents and emoji (with their zero-width joiners) are kept.
func TestCleanTextDropsControls(t *testing.T) {
	for in, want := range map[string]string{
		"Disk full\x1b[31m on db-01\x07":       "Disk full[31m on db-01",
		"invoice\u202Efdp.exe":                 "invoicefdp.exe",
		"a\u2066b\u2069c\u200Ed\u200Fe\u061Cf": "abcdef",
		"C1\u0085next\u009Bline\x7f":           "C1nextline",
		"  keep\tthis\nand café 👩‍💻  ":         "keep\tthis\nand café 👩‍💻",
		"\u202Arun\u202C \u202Dtwice\u202B":    "run twice",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
	now := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	inc, _, err := Open("INC-1", Spec{Title: "DB \u202Eslow", Severity: Sev2}, Tandem, now)
	if err != nil || inc.Title != "DB slow" {
		t.Fatalf("title %q (%v)", inc.Title, err)
	}
	_, events, _ := inc.Note(Tandem, "see \u2067log\u2069", now)
	if events[0].Details["text"] != "see log" {
		t.Fatalf("note %q", events[0].Details["text"])
	}
}
