package bot

// pageChannel names how a team's page goes out, for the channel label of
// tandem_pages_total: "pagerduty" for a team with a routing key, "custom"
// for a pager given in Options, "console" in the demo, and "chat" when no
// pager is configured (the team is told in its channel and invited to the
// room, nothing more).
func (b *Bot) pageChannel(team string) string {
	if t := b.cfg.Teams[team]; t != nil && t.PagerDuty != nil && t.PagerDuty.RoutingKey.IsSet() {
		return "pagerduty"
	}
	switch {
	case b.opt.Pager != nil:
		return "custom"
	case b.pager != nil && b.console != nil:
		return "console"
	}
	return "chat"
}
