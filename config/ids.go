package config

import "strings"

// Where a user or channel ID is expected, people often paste what chat
// shows them: "@alice" or "#ops". Chat platforms take IDs only, so such a
// value would match nobody and post nowhere, silently: it is an error, with
// a hint where to find the ID.

// idHints says, per platform, where the user and the channel ID are found.
var idHints = map[string][2]string{
	"slack": {"a Slack member ID like U0123ABCD (their profile → ⋮ → Copy member ID), or leave it out and give email: to look it up",
		"a Slack channel ID like C0123ABCD (the channel's name → About, at the bottom)"},
	"discord": {"a Discord user ID, digits (Developer Mode on, then right-click the user → Copy User ID)",
		"a Discord channel ID, digits (Developer Mode on, then right-click the channel → Copy Channel ID)"},
	"pagerduty": {"a PagerDuty user ID like PABC123 (the user's page URL ends with it), or leave it out and give email: to look it up", ""},
}

// chatName reports whether s is written as chat shows a user or channel.
func chatName(s string) bool { return strings.HasPrefix(s, "@") || strings.HasPrefix(s, "#") }

// idExpected reports a user (channel false) or channel ID written as a
// @name or #name at path; it returns whether it did.
func (v *validator) idExpected(path, platform, value string, channel bool) bool {
	if !chatName(value) {
		return false
	}
	what := "a user"
	if channel {
		what = "a channel"
	}
	hint := idHints[platform][btoi(channel)]
	if hint == "" {
		hint = "the " + platformTitle(platform) + " ID"
	}
	v.rep.errf(path, "%q is %s name, not an ID: write %s", value, what, hint)
	return true
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// channelIDs checks every team's and the managers' channels for #names.
func (v *validator) channelIDs() {
	check := func(p string, channels map[string]string, slackLegacy, discordLegacy bool) {
		for _, platform := range sortedKeys(channels) {
			legacy := (platform == "slack" && slackLegacy) || (platform == "discord" && discordLegacy)
			v.idExpected(channelPath(p, platform, legacy), platform, channels[platform], true)
		}
	}
	for _, name := range sortedKeys(v.c.Teams) {
		t := v.c.Teams[name]
		check("teams."+name, t.Channels, t.SlackChannel != "", t.DiscordChannel != "")
	}
	m := v.c.Managers
	check("managers", m.Channels, m.SlackChannel != "", m.DiscordChannel != "")
}
