package discord

import (
	"strings"
	"unicode/utf8"
)

// Discord renders markdown in messages, embeds and channel topics. Text
// from outside (an alert's summary, a typed title or note) must show as
// typed: a masked link "[your bank](https://evil.example)" would hide
// where it leads, "# …" would shout, a code fence or a spoiler would hide
// the rest of the card. escapeMarkdown puts a backslash before every
// inline markdown character, before the "(" of a masked link's "](", and
// before the markers that only count at the start of a line (headings,
// quotes, lists); "[sev2]" and "(MSP)" alone are no markdown and stay. Channel and user links
// Tandem writes itself ("<#id>", "<@id>") are left alone; mentions never
// ping anyway (allowed_mentions is empty on every post).
//
// Reference: Discord's "Markdown Text 101" (support.discord.com) lists
// bold/italics *, _, underline __, strikethrough ~~, spoilers ||, code `
// and ```, quotes > and >>>, headings #, ##, ###, subtext -#, lists - and
// *, and masked links [text](url); a backslash shows the next character as
// typed.
func escapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lineStart := true
	for i := 0; i < len(s); {
		if n := urlLen(s[i:]); n > 0 { // a bare URL stays clickable as it is
			b.WriteString(s[i : i+n])
			i, lineStart = i+n, false
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case strings.ContainsRune("\\*_~`|", r):
			b.WriteByte('\\')
		case r == '(' && i > 0 && s[i-1] == ']': // "[text](url)" is no link without its "]("
			b.WriteByte('\\')
		case lineStart && strings.ContainsRune("#>-+", r):
			b.WriteByte('\\')
		}
		b.WriteString(s[i : i+size])
		i += size
		lineStart = r == '\n' || (lineStart && (r == ' ' || r == '\t'))
	}
	return b.String()
}

// urlLen is the length of the http(s) URL s starts with, up to the next
// space or ')' (0 when s starts with none): escaping a URL's "_" would
// break the link, and a URL alone renders as a link that shows where it
// leads.
func urlLen(s string) int {
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
		return 0
	}
	if i := strings.IndexAny(s, " \t\n)>"); i >= 0 {
		return i
	}
	return len(s)
}
