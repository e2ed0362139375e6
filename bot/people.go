package bot

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/redisstore"
)

// LookupFresh is how long a looked-up e-mail address is trusted: a start
// within a day of the last lookup asks nobody; an older answer is asked
// again (docs/people.md).
const LookupFresh = 24 * time.Hour

// Lookup attempts: a rate-limited lookup waits the Retry-After it was given
// (at most maxLookupWait) and tries again, up to lookupTries times.
const (
	lookupTries   = 3
	maxLookupWait = 30 * time.Second
)

// findEmail returns the user ID a platform has for an e-mail address, or ""
// when it has none.
type findEmail func(ctx context.Context, email string) (string, error)

// lookupCache remembers lookups across restarts (the store).
type lookupCache interface {
	CachedLookup(ctx context.Context, platform, email string) (redisstore.Lookup, bool, error)
	RememberLookup(ctx context.Context, platform, email string, l redisstore.Lookup) error
}

var _ lookupCache = (*redisstore.Store)(nil)

// people resolves members known only by e-mail to their user IDs on the
// platforms that can look people up by address (Slack and PagerDuty).
type people struct {
	find  map[string]findEmail // by platform: "slack", "pagerduty"
	cache lookupCache          // nil: always ask
	now   func() time.Time
	log   *slog.Logger
}

// lookup returns email's user ID on platform ("" for nobody), from the
// cache when the answer there is fresh, else asking the platform and
// remembering its answer. When asking fails, a stale answer still serves.
func (p *people) lookup(ctx context.Context, platform, email string) (string, error) {
	var stale *redisstore.Lookup
	if p.cache != nil {
		l, ok, err := p.cache.CachedLookup(ctx, platform, email)
		if err == nil && ok && p.now().Sub(l.At) < LookupFresh {
			return l.ID, nil
		}
		if ok {
			stale = &l
		}
	}
	id, err := p.ask(ctx, platform, email)
	if err != nil {
		if stale != nil {
			p.log.Warn("e-mail lookup failed; using the last answer", "platform", platform, "email", email, "err", err)
			return stale.ID, nil
		}
		return "", err
	}
	if p.cache != nil {
		if err := p.cache.RememberLookup(ctx, platform, email, redisstore.Lookup{ID: id, At: p.now()}); err != nil {
			p.log.Warn("could not cache an e-mail lookup", "platform", platform, "err", err)
		}
	}
	return id, nil
}

// ask asks platform, waiting out rate limits.
func (p *people) ask(ctx context.Context, platform, email string) (string, error) {
	var err error
	for range lookupTries {
		var id string
		if id, err = p.find[platform](ctx, email); err == nil {
			return id, nil
		}
		wait := chat.RetryDelay(err)
		if wait <= 0 {
			return "", err
		}
		p.log.Info("e-mail lookup rate limited; waiting", "platform", platform, "wait", wait)
		select {
		case <-time.After(min(wait, maxLookupWait)):
		case <-ctx.Done():
			return "", errors.Join(err, ctx.Err())
		}
	}
	return "", err
}

// Resolved is what one member's e-mail address resolved to.
type Resolved struct {
	Member, Email string
	// IDs by platform; "" where the platform knows nobody by the address.
	IDs map[string]string
	// Errs by platform, where asking failed.
	Errs map[string]error
}

// resolve looks up every member that has an e-mail address and lacks a
// user ID on a platform that can find one.
func (p *people) resolve(ctx context.Context, cfg *config.Config) []Resolved {
	var out []Resolved
	for _, m := range allMembers(cfg) {
		r := Resolved{Member: m.Name, Email: m.Email, IDs: map[string]string{}, Errs: map[string]error{}}
		for _, platform := range slices.Sorted(maps.Keys(p.find)) {
			if m.Email == "" || knownID(m, platform) {
				continue
			}
			if id, err := p.lookup(ctx, platform, m.Email); err != nil {
				r.Errs[platform] = err
			} else {
				r.IDs[platform] = id
			}
		}
		if len(r.IDs)+len(r.Errs) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// knownID reports whether the config already names m's user on platform.
func knownID(m config.Member, platform string) bool {
	if platform == "pagerduty" {
		return m.PagerDuty != ""
	}
	return m.Accounts[platform] != ""
}

// allMembers lists the members of every team (in name order), then the managers.
func allMembers(cfg *config.Config) []config.Member {
	var out []config.Member
	for _, name := range slices.Sorted(maps.Keys(cfg.Teams)) {
		out = append(out, cfg.Teams[name].Members...)
	}
	return append(out, cfg.Managers.Members...)
}
