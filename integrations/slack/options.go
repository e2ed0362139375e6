package slack

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/tandemhq/tandem/internal/clientopt"
)

// Defaults.
const (
	// DefaultAckWithin is how long an inbound request waits for its handler
	// before Slack is answered empty and the result follows through
	// response_url: Slack gives up after 3 s, and the network needs its share.
	DefaultAckWithin = 2 * time.Second
	// DefaultWorkTimeout bounds a handler that runs on after the answer.
	DefaultWorkTimeout = 30 * time.Second
)

// Options configure a Client. Token is required; the others have defaults.
type Options struct {
	// Token is the bot token (xoxb-…).
	Token string
	// APIURL is the Web API base ending in "/" (default Slack's).
	APIURL string
	// HTTPClient makes the Web API and response_url calls (default: 15 s timeout).
	HTTPClient *http.Client
	// Logger gets what goes wrong; internal errors are logged once, here.
	Logger *slog.Logger
	// Now is the clock of timestamps and card durations (time.Now). Rate
	// limiting always uses the real clock: it is about the wire.
	Now func() time.Time
	// Location shows timeline times (UTC by default).
	Location *time.Location
	// PerChannel is the minimum spacing of messages in one channel once the
	// burst is spent (Slack allows about one a second; default 1 s).
	PerChannel time.Duration
	// Burst is how many messages a quiet channel takes at once (default 3).
	Burst int
	// MaxWait is how long a post waits for its channel's turn before it is
	// handed back to the outbox to retry (default 2 s).
	MaxWait time.Duration
	// Private makes rooms private channels (conversations.create with
	// is_private): only the people invited read them (config rooms.private).
	Private bool
}

func (o *Options) defaults() {
	clientopt.Defaults(&o.HTTPClient, &o.Logger, &o.Location, &o.Now)
	if o.PerChannel <= 0 {
		o.PerChannel = time.Second
	}
	if o.Burst <= 0 {
		o.Burst = 3
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 2 * time.Second
	}
}
