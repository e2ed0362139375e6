package bot

import (
	"io"
	"log/slog"

	"github.com/tandemhq/tandem/config"
)

// NewLogger is the process logger the log section asks for, writing to w:
// text (slog's key=value lines) or JSON (one object a line) at the
// configured level. Bot.New wraps it in the redacting handler, so secrets
// stay out of either format.
func NewLogger(l config.Log, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: logLevel(l.Level)}
	if l.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// logLevel maps a validated log.level to slog's; anything else is info.
func logLevel(s string) slog.Level {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(s)); err != nil {
		return slog.LevelInfo
	}
	return lv
}
