package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
)

func TestCutCountsUTF16(t *testing.T) {
	s := strings.Repeat("🔥", 100) // 100 runes, 200 UTF-16 units
	got := cut(s, 150)
	if n := utf16Len(got); n > 150 || !strings.HasSuffix(got, "…") {
		t.Fatalf("%d units: %q", n, got)
	}
	if cut("short", 150) != "short" {
		t.Fatal("cut a short text")
	}
}

func TestPagesOfEmoji(t *testing.T) {
	text := strings.Repeat(strings.Repeat("🚨", 40)+"\n", 200) // 16,000 units
	for i, p := range pages(text) {
		if n := utf16Len(p); n > MaxSectionText {
			t.Fatalf("page %d: %d units", i, n)
		}
	}
	msgs := textMessages(text)
	if len(msgs) != 1 || len(msgs[0]) < 6 {
		t.Fatalf("%d messages", len(msgs))
	}
}

func TestCardOfEmojiTitle(t *testing.T) {
	inc, _, _ := incident.Open("INC-7", incident.Spec{Title: strings.Repeat("🔥", 190), Severity: incident.Sev1}, incident.Monitoring, time.Now())
	b, err := json.Marshal(cardBlocks(inc, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []struct {
		Text struct{ Text string } `json:"text"`
	}
	json.Unmarshal(b, &blocks)
	if n := utf16Len(blocks[0].Text.Text); n > MaxHeaderText {
		t.Fatalf("header of %d units", n)
	}
}
