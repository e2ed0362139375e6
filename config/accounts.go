package config

import (
	"slices"
	"strings"
)

// Chat accounts and channels are maps keyed by platform name (accounts:
// on a member, channels: on a team and the managers), so a new chat
// platform needs no field here. The older keys (slack:/discord: on a
// member, slack_channel/discord_channel) are still read: fold copies them
// into the maps before anything else looks, and everything after reads the
// maps only.

// legacyAccountKeys are the member keys that predate accounts:, by
// platform, and teams: (Microsoft Teams, whose section is msteams: since
// teams: holds the people teams; DESIGN §7 names the member key teams:
// and the channel key teams_channel).
var legacyAccountKeys = []string{"slack", "discord", "teams"}

// foldChats copies the older spelling into Accounts and Channels, refusing
// a platform written both ways with two different values.
func (v *validator) foldChats() {
	for _, e := range v.allMembers() {
		m := e.m
		for i, old := range []string{m.Slack, m.Discord, m.Teams} {
			v.fold(&m.Accounts, legacyAccountKeys[i], old, e.path+"."+legacyAccountKeys[i], e.path+".accounts")
		}
	}
	for _, name := range sortedKeys(v.c.Teams) {
		t, p := v.c.Teams[name], "teams."+name
		v.foldChannels(&t.Channels, t.SlackChannel, t.DiscordChannel, p)
		v.fold(&t.Channels, "teams", t.TeamsChannel, p+".teams_channel", p+".channels")
	}
	m := &v.c.Managers
	v.foldChannels(&m.Channels, m.SlackChannel, m.DiscordChannel, "managers")
	v.fold(&m.Channels, "teams", m.TeamsChannel, "managers.teams_channel", "managers.channels")
}

func (v *validator) foldChannels(ch *map[string]string, slack, discord, p string) {
	v.fold(ch, "slack", slack, p+".slack_channel", p+".channels")
	v.fold(ch, "discord", discord, p+".discord_channel", p+".channels")
}

// fold sets (*m)[platform] = old when old is set, written at oldPath.
func (v *validator) fold(m *map[string]string, platform, old, oldPath, mapPath string) {
	if old == "" {
		return
	}
	if cur, ok := (*m)[platform]; ok && cur != old {
		v.rep.errf(oldPath, "says %q but %s.%s says %q: write it once", old, mapPath, platform, cur)
		return
	}
	if *m == nil {
		*m = map[string]string{}
	}
	(*m)[platform] = old
}

// accountPath is where member e wrote its account on platform: the older
// key when it used it, else the accounts entry.
func accountPath(e memberAt, platform string) string {
	for i, old := range []string{e.m.Slack, e.m.Discord, e.m.Teams} {
		if legacyAccountKeys[i] == platform && old != "" {
			return e.path + "." + platform
		}
	}
	return e.path + ".accounts." + platform
}

// channelPath is where a team (or the managers) at p wrote its channel on platform.
func channelPath(p, platform string, legacy bool) string {
	if legacy {
		return p + "." + platform + "_channel"
	}
	return p + ".channels." + platform
}

// platformTitle is how a message names a platform: "Slack" for "slack".
func platformTitle(platform string) string {
	if platform == "" {
		return platform
	}
	return strings.ToUpper(platform[:1]) + platform[1:]
}

// knownPlatforms are the chat platforms this build knows: the typed ones
// and every registered section (a platform registers its section).
func knownPlatforms() []string {
	sectionsMu.Lock()
	defer sectionsMu.Unlock()
	out := slices.Clone(legacyAccountKeys)
	for key := range sections {
		if p, ok := platformOf[key]; ok {
			key = p
		}
		if !slices.Contains(out, key) {
			out = append(out, key)
		}
	}
	slices.Sort(out)
	return out
}

// platformKey checks that a key of accounts: or channels: names a chat
// platform: like any unknown key, a misspelt one is an error, not ignored.
func (v *validator) platformKey(p, platform string) {
	if known := knownPlatforms(); !slices.Contains(known, platform) {
		v.rep.errf(p, "no chat platform is called %q (known: %s)", platform, strings.Join(known, ", "))
	}
}

// channelKeys checks the platform names of every team's and the managers' channels.
func (v *validator) channelKeys() {
	for _, name := range sortedKeys(v.c.Teams) {
		for _, platform := range sortedKeys(v.c.Teams[name].Channels) {
			v.platformKey(channelPath("teams."+name, platform, false), platform)
		}
	}
	for _, platform := range sortedKeys(v.c.Managers.Channels) {
		v.platformKey(channelPath("managers", platform, false), platform)
	}
}
