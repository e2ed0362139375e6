package bot

import (
	"context"
	"maps"
	"slices"

	"github.com/tandemhq/tandem/config"
)

// emailFinder is a chat that can look its users up by e-mail (Slack).
type emailFinder interface {
	LookupEmail(ctx context.Context, email string) (string, error)
}

// finders are the platforms this bot can ask for a user by e-mail: the
// chats that can (Slack; Discord has no such API) and PagerDuty with an
// API token.
func (b *Bot) finders() map[string]findEmail {
	out := map[string]findEmail{}
	for name, c := range b.chats {
		if f, ok := c.(emailFinder); ok {
			out[name] = f.LookupEmail
		}
	}
	if b.pdClient != nil {
		out["pagerduty"] = b.pdClient.UserByEmail
	}
	return out
}

// resolvePeople fills in the user IDs of members known only by e-mail,
// from the store's cache or by asking, before the use cases read the
// people: b.cfg becomes a copy with the IDs found.
func (b *Bot) resolvePeople(ctx context.Context) {
	find := b.finders()
	if len(find) == 0 {
		return
	}
	p := &people{find: find, cache: b.store, now: b.opt.Now, log: b.log.With("component", "people")}
	b.people, b.peopleFrom = p, b.cfg // for the daily refresh (people_refresh.go)
	found := p.resolve(ctx, b.cfg)
	for _, r := range found {
		for platform, err := range r.Errs {
			b.log.Warn("could not look a member up by e-mail; they are unknown there until the next start",
				"member", r.Member, "platform", platform, "err", err)
		}
		for platform, id := range r.IDs {
			if id == "" {
				b.log.Warn("nobody has this member's e-mail address", "member", r.Member, "platform", platform)
			}
		}
	}
	b.cfg = withPeople(b.cfg, found)
}

// withPeople is a copy of cfg whose members carry the IDs found (teams and
// managers copied down to the members; the rest shared).
func withPeople(cfg *config.Config, found []Resolved) *config.Config {
	ids := map[string]map[string]string{}
	for _, r := range found {
		ids[r.Member] = r.IDs
	}
	c := *cfg
	c.Teams = make(map[string]*config.Team, len(cfg.Teams))
	for name, t := range cfg.Teams {
		tc := *t
		tc.Members = withIDs(t.Members, ids)
		c.Teams[name] = &tc
	}
	c.Managers.Members = withIDs(cfg.Managers.Members, ids)
	return &c
}

// withIDs copies members, filling in each found, non-empty ID.
func withIDs(members []config.Member, ids map[string]map[string]string) []config.Member {
	out := slices.Clone(members)
	for i := range out {
		m := &out[i]
		m.Accounts = maps.Clone(m.Accounts)
		for platform, id := range ids[m.Name] {
			switch {
			case id == "":
			case platform == "pagerduty":
				m.PagerDuty = id
			default:
				if m.Accounts == nil {
					m.Accounts = map[string]string{}
				}
				m.Accounts[platform] = id
			}
		}
	}
	return out
}
