package discord

import (
	"cmp"
	"log/slog"
	"net/http"
	"time"

	"github.com/tandemhq/tandem/internal/clientopt"
)

// Defaults.
const (
	// DefaultAPIURL is what discord.api_url replaces; the client appends
	// "api/v10/…".
	DefaultAPIURL = "https://discord.com/"
	// DefaultAckWithin is how long an interaction waits for its handler
	// before Discord is told the answer is deferred: Discord gives up after
	// 3 s, and the network needs its share.
	DefaultAckWithin = 2 * time.Second
	// DefaultWorkTimeout bounds a handler that runs on after the deferral
	// (an interaction token stays valid for 15 minutes).
	DefaultWorkTimeout = 30 * time.Second
	// DefaultMaxSkew is how far an interaction's signed timestamp may be from
	// the clock: a captured request cannot be replayed later than that.
	DefaultMaxSkew = 5 * time.Minute
)

// Options configure a Client. Token is required; GuildID is needed to create
// rooms and register commands, ApplicationID to register commands.
type Options struct {
	// Token is the bot token, without the "Bot " prefix.
	Token         string
	ApplicationID string
	GuildID       string
	// CategoryID is the category incident channels are created under ("" for
	// none).
	CategoryID string
	// ArchiveCategoryID is the category closed rooms are moved to ("":
	// they are deleted).
	ArchiveCategoryID string
	// APIURL replaces "https://discord.com/" (a base ending in "/").
	APIURL string
	// HTTPClient makes the REST calls (default: 15 s timeout); its
	// transport is wrapped to reach APIURL.
	HTTPClient *http.Client
	Logger     *slog.Logger
	// Now is the clock of card durations (time.Now).
	Now func() time.Time
	// Location shows timeline times (UTC by default).
	Location *time.Location
	// Private creates rooms that @everyone cannot see, only the bot and
	// the people invited (config rooms.private; private.go).
	Private bool
}

func (o *Options) defaults() {
	clientopt.Defaults(&o.HTTPClient, &o.Logger, &o.Location, &o.Now)
	o.APIURL = cmp.Or(o.APIURL, DefaultAPIURL)
}
