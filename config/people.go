package config

import "strings"

// emailOnDiscord warns, once, about members Discord will not know: a member
// with an e-mail address and no Discord ID is looked up on Slack and
// PagerDuty at start, but Discord has no way to find a user by e-mail (its
// bots see no addresses), so on Discord that person is a stranger.
func (v *validator) emailOnDiscord() {
	if !v.c.Discord.Configured() {
		return
	}
	var names []string
	for _, e := range v.allMembers() {
		if e.m.Email != "" && e.m.Accounts["discord"] == "" {
			names = append(names, e.m.Name)
		}
	}
	if len(names) > 0 {
		v.rep.warnf("discord", "Discord cannot look people up by e-mail: %s will not be recognised on Discord until their accounts.discord (user ID) is written",
			strings.Join(names, ", "))
	}
}
