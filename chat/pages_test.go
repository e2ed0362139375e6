package chat

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPages(t *testing.T) {
	t.Run("OK/ShortTextIsOnePage", func(t *testing.T) {
		if got := Pages("a\nb", 10); len(got) != 1 || got[0] != "a\nb" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("OK/Empty", func(t *testing.T) {
		if got := Pages("", 10); len(got) != 0 {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("OK/CutsBetweenLines", func(t *testing.T) {
		var lines []string
		for i := range 60 {
			lines = append(lines, fmt.Sprintf("%02d:00 CST ✅ entry number %d of the timeline", i%24, i))
		}
		text := strings.Join(lines, "\n")
		pages := Pages(text, 300)
		if len(pages) < 2 {
			t.Fatalf("expected several pages, got %d", len(pages))
		}
		for i, p := range pages {
			if n := utf8.RuneCountInString(p); n > 300 {
				t.Errorf("page %d has %d runes", i, n)
			}
		}
		if strings.Join(pages, "\n") != text {
			t.Fatal("pages do not join back into the text")
		}
	})
	t.Run("OK/LongLineCutAtSpaces", func(t *testing.T) {
		line := strings.Repeat("word ", 100) // 500 runes
		pages := Pages("head\n"+line+"\ntail", 120)
		for i, p := range pages {
			if n := utf8.RuneCountInString(p); n > 120 {
				t.Errorf("page %d has %d runes", i, n)
			}
			if strings.Contains(p, "wor\n") || strings.HasPrefix(p, "ord") {
				t.Errorf("page %d cut inside a word: %q", i, p)
			}
		}
		if got := strings.Count(strings.Join(pages, " "), "word"); got != 100 {
			t.Fatalf("lost words: %d", got)
		}
	})
	t.Run("OK/NoSpacesCutAnywhereRuneSafe", func(t *testing.T) {
		pages := Pages(strings.Repeat("é", 25), 10)
		if len(pages) != 3 || pages[2] != "ééééé" {
			t.Fatalf("got %q", pages)
		}
		for _, p := range pages {
			if !utf8.ValidString(p) {
				t.Fatalf("invalid UTF-8 %q", p)
			}
		}
	})
}

func TestTruncate(t *testing.T) {
	if got := Truncate("héllo world", 5); got != "héll…" {
		t.Fatalf("got %q", got)
	}
	if got := Truncate("short", 5); got != "short" {
		t.Fatalf("got %q", got)
	}
}

func FuzzPages(f *testing.F) {
	f.Add("a\nb\nc", 2)
	f.Add(strings.Repeat("x y ", 50), 7)
	f.Fuzz(func(t *testing.T, text string, max int) {
		if max < 1 || max > 5000 || !utf8.ValidString(text) {
			return
		}
		for _, p := range Pages(text, max) {
			if utf8.RuneCountInString(p) > max {
				t.Fatalf("page over %d: %q", max, p)
			}
		}
	})
}
