package discord

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
)

func TestEscapeMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"[your bank](https://evil.example)":       `[your bank]\(https://evil.example)`,
		"INC-7 [sev2] held by Nora (MSP)":         "INC-7 [sev2] held by Nora (MSP)",
		"# HUGE\n> quoted\n- item":                "\\# HUGE\n\\> quoted\n\\- item",
		"```go\nrm -rf\n```":                      "\\`\\`\\`go\nrm -rf\n\\`\\`\\`",
		"**bold** __under__ ~~gone~~ ||spoiler||": `\*\*bold\*\* \_\_under\_\_ \~\~gone\~\~ \|\|spoiler\|\|`,
		"INC-7 disk-full on db-01 #3":             "INC-7 disk-full on db-01 #3",
		`C:\temp`:                                 `C:\\temp`,
		"  # indented heading":                    "  \\# indented heading",
		"see https://wiki.example/run_book_1 now": "see https://wiki.example/run_book_1 now",
	} {
		if got := escapeMarkdown(in); got != want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", in, got, want)
		}
	}
}

// A title with markdown shows as typed in the card, the topic and posts.
func TestCardAndTopicEscapeOutsideText(t *testing.T) {
	inc := incident.Incident{ID: "INC-1", Title: "[login](https://evil.example) **now**", Severity: incident.Sev1,
		Status: incident.StatusOpen, OpenedAt: time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)}
	card := cardEmbed(inc, inc.OpenedAt)
	for _, text := range []string{card.Title, card.Description, topic(inc)} {
		if strings.Contains(text, "[login](") || strings.Contains(text, "**now**") {
			t.Errorf("markdown from outside left live: %q", text)
		}
	}
	if !strings.Contains(card.Title, `[login]\(https://evil.example) \*\*now\*\*`) {
		t.Errorf("card title %q", card.Title)
	}
}
