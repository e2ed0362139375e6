package slack

import (
	"strings"
	"unicode/utf16"

	"github.com/slack-go/slack"

	"github.com/tandemhq/tandem/chat"
)

// Block Kit limits (docs.slack.dev, Block Kit reference).
const (
	MaxBlocks      = 50   // blocks in one message
	MaxSectionText = 3000 // characters in a section's text
	MaxFieldText   = 2000 // characters in one section field
	MaxFields      = 10   // fields in one section
	MaxHeaderText  = 150  // characters in a header
	MaxButtonText  = 75   // characters in a button label
	MaxMessageText = 4000 // characters Slack advises for a message's text
	maxTopic       = 250  // characters in a channel topic
	maxContextText = 3000 // characters in a context element
	maxMessages    = 5    // response_url takes 5 messages per interaction
)

// escape makes text safe inside mrkdwn: a title such as "<!channel> down"
// must not ping anyone. Slack asks for exactly these three entities.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// unescape undoes Slack's entities in text people typed (a slash command's
// text arrives as "disk &gt; 90%").
func unescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

func mrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, false)
}

func plain(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, text, true, false)
}

func section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(cut(text, MaxSectionText)), nil, nil)
}

// cut shortens s to at most max characters, ending with "…" when it cut.
// Characters are counted as UTF-16 code units, as the web client does: an
// emoji may count twice, and a limit counted in runes could be overrun.
func cut(s string, max int) string {
	if len(s) <= max || utf16Len(s) <= max {
		return s
	}
	r := []rune(s)
	n := 1 // the ellipsis
	for i, c := range r {
		n += utf16.RuneLen(c)
		if n > max {
			return string(r[:i]) + "…"
		}
	}
	return s
}

func utf16Len(s string) int {
	n := 0
	for _, c := range s {
		n += utf16.RuneLen(c)
	}
	return n
}

// pages splits text between lines into pieces within the section limit,
// counted in UTF-16 code units (see cut).
func pages(text string) []string {
	var out []string
	for _, p := range chat.Pages(text, MaxSectionText) {
		if utf16Len(p) > MaxSectionText {
			out = append(out, chat.Pages(p, MaxSectionText/2)...) // a rune is at most two units
			continue
		}
		out = append(out, p)
	}
	return out
}

// textMessages renders a long mrkdwn answer as messages of section blocks,
// each section within 3,000 characters and each message within 50
// blocks. Lines are never split unless one alone is too long.
func textMessages(text string) [][]slack.Block {
	var msgs [][]slack.Block
	var cur []slack.Block
	for _, page := range pages(text) {
		if len(cur) == MaxBlocks {
			msgs, cur = append(msgs, cur), nil
		}
		cur = append(cur, section(page))
	}
	if len(cur) > 0 {
		msgs = append(msgs, cur)
	}
	return msgs
}

// firstLine is a message's notification text: its first line, cut short.
func firstLine(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	return cut(line, 300)
}
