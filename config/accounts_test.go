package config

import (
	"maps"
	"strings"
	"testing"
)

// The older member keys (slack:, discord:) and team keys (slack_channel,
// discord_channel) load into the same maps as accounts: and channels:.
func TestAccountsBothSpellings(t *testing.T) {
	old := edit(t, "      - {name: Bob}\n    rotation", "      - {name: Bob, discord: \"22\"}\n    slack_channel: C01OPS\n    rotation")
	neu := edit(t, "      - {name: Alice, slack: U1}\n      - {name: Bob}\n    rotation",
		"      - {name: Alice, accounts: {slack: U1}}\n      - {name: Bob, accounts: {discord: \"22\"}}\n    channels: {slack: C01OPS}\n    rotation")
	for name, src := range map[string]string{"old": old, "new": neu} {
		cfg, probs := parse(t, src, nil)
		if len(probs) > 0 {
			t.Fatalf("%s: %v", name, probs)
		}
		ops := cfg.Teams["ops"]
		if !maps.Equal(ops.Members[0].Accounts, map[string]string{"slack": "U1"}) ||
			!maps.Equal(ops.Members[1].Accounts, map[string]string{"discord": "22"}) ||
			!maps.Equal(ops.Channels, map[string]string{"slack": "C01OPS"}) {
			t.Errorf("%s: accounts %v %v, channels %v", name, ops.Members[0].Accounts, ops.Members[1].Accounts, ops.Channels)
		}
	}
}

func TestAccountRules(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"two spellings disagree", edit(t, "{name: Alice, slack: U1}", "{name: Alice, slack: U1, accounts: {slack: U2}}"),
			`teams.ops.members[0].slack: says "U1" but teams.ops.members[0].accounts.slack says "U2"`},
		{"duplicate across spellings", edit(t, "{name: Bob}", "{name: Bob, accounts: {slack: U1}}"),
			"Slack user U1 is already used at teams.ops.members[0].slack"},
		{"discord digits", edit(t, "{name: Bob}", "{name: Bob, accounts: {discord: abc}}"),
			"teams.ops.members[1].accounts.discord: must be a Discord user ID (digits)"},
		{"unknown platform", edit(t, "{name: Bob}", "{name: Bob, accounts: {slak: U9}}"),
			`teams.ops.members[1].accounts.slak: no chat platform is called "slak" (known: discord, slack, teams, testchat)`},
		{"unknown channel platform", edit(t, "    rotation", "    channels: {slak: C1}\n    rotation"),
			`teams.ops.channels.slak: no chat platform is called "slak"`},
		{"discord channel digits", edit(t, "    rotation", "    channels: {discord: abc}\n    rotation"),
			"teams.ops.channels.discord: must be a Discord channel ID (digits)"},
	} {
		_, probs := parse(t, c.src, nil)
		if !strings.Contains(probs.Error(), c.want) {
			t.Errorf("%s: want %q in\n%v", c.name, c.want, probs)
		}
	}
}
