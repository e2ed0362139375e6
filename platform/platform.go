// Package platform is the registry of chat platforms. A platform is one
// package (platform/slack, platform/discord, platform/webhookchat) that
// adapts its integration to the Platform interface and registers itself
// from init; platform/all imports every one of them, and the bot asks this
// package which ones a config enables. Nothing outside a platform's own
// package names it.
package platform

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/delivery"
	"github.com/tandemhq/tandem/incident"
)

// Chat is a chat platform's outbound side, as the outbox delivers to it.
type Chat = delivery.Chat

// Platform is one chat platform Tandem can talk to.
type Platform interface {
	// Name is the platform's key: in config (its section, member accounts,
	// team channels), in room records and in timeline actors.
	Name() string
	// Enabled reports whether cfg asks for this platform.
	Enabled(cfg *config.Config) bool
	// Open builds the platform from cfg: its chats (by room platform key;
	// one platform may serve several, like Slack's thread rooms) and, when
	// it takes commands, its inbound side.
	Open(ctx context.Context, d Deps) (Opened, error)
}

// Deps is what a platform is built with. It holds no use cases: those are
// built after the chats and handed to Opened.Inbound.
type Deps struct {
	Config *config.Config
	Log    *slog.Logger // already scoped with the platform's name
	Now    func() time.Time
	// Claim returns true the first time it sees key (the store's
	// idempotency claim), so a retried request is acted on once.
	Claim func(ctx context.Context, key string) (bool, error)
	// Incident reads an incident as stored (Teams answers a card action
	// with the card as it is after the action).
	Incident func(ctx context.Context, id string) (incident.Incident, error)
}

// Handle runs one platform-neutral request (the use cases' Handle).
type Handle func(ctx context.Context, req chat.Request) chat.Response

// Opened is a platform set up from config.
type Opened struct {
	// Chats are the platform's rooms and posts, by room platform key.
	Chats map[string]Chat
	// Inbound, nil for a platform that takes no commands, builds the
	// platform's inbound side once the use cases exist.
	Inbound func(h Handle) (Inbound, error)
	// TeamsOnly says the Chats get a room only for incidents a team with a
	// channel on them takes part in (a PSA's tickets), never as the
	// rooms of an incident that names no platform.
	TeamsOnly bool
}

// Inbound is a platform's way in: commands, buttons and events.
type Inbound struct {
	// Mount adds the platform's HTTP endpoints (nil: none).
	Mount func(mux *http.ServeMux)
	// Start runs receivers that are not HTTP endpoints (Slack's Socket
	// Mode) until ctx ends; the bot calls it from Run, once it serves.
	Start func(ctx context.Context)
	// Wait waits for work still running past its request (a slow command
	// answered later), before the store closes.
	Wait func()
}

var (
	mu       sync.Mutex
	registry = map[string]Platform{}
)

// Register adds p to the registry; platform packages call it from init.
// Registering a name twice is a programming error.
func Register(p Platform) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := registry[p.Name()]; dup {
		panic("platform: " + p.Name() + " registered twice")
	}
	registry[p.Name()] = p
}

// Names lists every registered platform's name, sorted.
func Names() []string {
	mu.Lock()
	defer mu.Unlock()
	out := make([]string, 0, len(registry))
	for name := range registry {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// Enabled lists the registered platforms cfg enables, by name.
func Enabled(cfg *config.Config) []Platform {
	var out []Platform
	for _, name := range Names() {
		mu.Lock()
		p := registry[name]
		mu.Unlock()
		if p.Enabled(cfg) {
			out = append(out, p)
		}
	}
	return out
}
