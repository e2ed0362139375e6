// Package clientopt fills the options every outbound chat client shares
// (Slack, Discord, ...) with the same defaults, so each client's Options
// only spells out what is its own.
package clientopt

import (
	"cmp"
	"log/slog"
	"net/http"
	"time"
)

// DefaultTimeout bounds each HTTP call of a client whose options give no
// HTTP client.
const DefaultTimeout = 15 * time.Second

// Defaults sets, where empty: an HTTP client with DefaultTimeout, a logger
// that discards, the UTC location, and the real clock.
func Defaults(client **http.Client, log **slog.Logger, loc **time.Location, now *func() time.Time) {
	*client = cmp.Or(*client, &http.Client{Timeout: DefaultTimeout})
	*log = cmp.Or(*log, slog.New(slog.DiscardHandler))
	*loc = cmp.Or(*loc, time.UTC)
	if *now == nil {
		*now = time.Now
	}
}
