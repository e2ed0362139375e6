package bot

import "context"

// peopleLoop refreshes the e-mail lookups once a day (LookupFresh), so a
// person who joined Slack after the start is recognised within a day
// without a restart. Each replica refreshes its own directory; the shared
// cache means only the first to refresh asks Slack and PagerDuty.
func (b *Bot) peopleLoop(ctx context.Context) {
	if b.people == nil {
		return
	}
	every(ctx, LookupFresh, b.refreshPeople)
}

// refreshPeople looks the members known by e-mail up again (the cache
// answers while it is fresh) and gives the running directory every chat
// account found since the start. PagerDuty users need no update: webhooks
// match PagerDuty's agents to members by e-mail as well.
func (b *Bot) refreshPeople(ctx context.Context) {
	dir := b.svc.Directory()
	for _, r := range b.people.resolve(ctx, b.peopleFrom) {
		for platform, id := range r.IDs {
			if _, isChat := b.chats[platform]; !isChat || id == "" {
				continue
			}
			if m, ok := dir.Member(r.Member); ok && m.Accounts[platform] != id {
				dir.SetAccount(r.Member, platform, id)
				b.log.Info("member found by e-mail", "member", r.Member, "platform", platform)
			}
		}
		for platform, err := range r.Errs {
			b.log.Warn("could not look a member up by e-mail; trying again in a day", "member", r.Member, "platform", platform, "err", err)
		}
	}
}
