package bot

import (
	"context"
	"log/slog"
	"regexp"
)

// redactions are the credentials that travel inside URLs, and so inside
// the errors Go's HTTP client returns (`Post "https://…": …`): a URL's
// user-info (a Redis or proxy password), a Slack response_url (anyone who
// has it may post as the app in that channel for 30 minutes), and a
// Discord interaction token (the same, for 15 minutes).
var redactions = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s"'@]+@`), "${1}<redacted>@"},
	{regexp.MustCompile(`(hooks\.slack\.com/)[^\s"']+`), "${1}<redacted>"},
	{regexp.MustCompile(`(/(?:webhooks|interactions)/\d+/)[^/\s"'?]+`), "${1}<redacted>"},
}

// redact removes the credentials redactions know from s.
func redact(s string) string {
	for _, r := range redactions {
		s = r.re.ReplaceAllString(s, r.with)
	}
	return s
}

// redactingHandler rewrites every record's message and attribute values
// (errors and other values included, as their text) through redact before
// the next handler writes them.
type redactingHandler struct{ next slog.Handler }

// redacting wraps h, unless it is already wrapped.
func redacting(h slog.Handler) slog.Handler {
	if _, ok := h.(redactingHandler); ok {
		return h
	}
	return redactingHandler{next: h}
}

func (h redactingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h redactingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, redact(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h redactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = redactAttr(a)
	}
	return redactingHandler{next: h.next.WithAttrs(clean)}
}

func (h redactingHandler) WithGroup(name string) slog.Handler {
	return redactingHandler{next: h.next.WithGroup(name)}
}

// redactAttr redacts a value's text; a group, each of its attributes.
func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindGroup:
		g := v.Group()
		clean := make([]any, len(g))
		for i, ga := range g {
			clean[i] = redactAttr(ga)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindString, slog.KindAny:
		text := v.String()
		if cleaned := redact(text); cleaned != text {
			return slog.String(a.Key, cleaned)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
