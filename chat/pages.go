package chat

import (
	"strings"
	"unicode/utf8"
)

// Pages splits text into pages of at most max characters (runes), for
// platforms that cap the size of one message or block: Slack's 3,000 per
// section, Discord's 2,000 per message. It cuts between lines when it can,
// so a timeline entry is never split across pages; a single line longer
// than max is cut at a space, or anywhere as a last resort. Joining the
// pages with "\n" gives back the text, less the line breaks and spaces
// a cut falls on. Empty text gives no pages.
func Pages(text string, max int) []string {
	if max < 1 {
		max = 1
	}
	var pages []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if curLen > 0 {
			pages = append(pages, cur.String())
			cur.Reset()
			curLen = 0
		}
	}
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		n := utf8.RuneCountInString(line)
		if curLen > 0 && curLen+1+n > max {
			flush()
		}
		if n > max {
			parts := cutLine(line, max)
			pages = append(pages, parts[:len(parts)-1]...)
			line, n = parts[len(parts)-1], utf8.RuneCountInString(parts[len(parts)-1])
		}
		if curLen > 0 {
			cur.WriteByte('\n')
			curLen++
		}
		cur.WriteString(line)
		curLen += n
	}
	flush()
	return pages
}

// cutLine cuts one long line into pieces of at most max runes, at the last
// space of each piece when there is one in its second half.
func cutLine(line string, max int) []string {
	var out []string
	for utf8.RuneCountInString(line) > max {
		r := []rune(line)
		cut := max
		if i := lastSpace(r[:max]); i > max/2 {
			cut = i
		}
		out = append(out, strings.TrimRight(string(r[:cut]), " "))
		line = strings.TrimLeft(string(r[cut:]), " ")
	}
	return append(out, line)
}

func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == ' ' {
			return i
		}
	}
	return -1
}

// Truncate cuts s to at most max runes, ending with "…" when it cut.
func Truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	if max < 1 {
		return ""
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}
