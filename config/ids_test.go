package config

import (
	"strings"
	"testing"
)

// A @name or #name where a user or channel ID belongs is an error that
// says where the ID is found, once per value, at its position.
func TestChatNamesWhereIDsBelong(t *testing.T) {
	src := strings.Replace(base, "      - {name: Alice, slack: U1}", "      - {name: Alice, slack: \"@alice\", pagerduty: \"@alice\"}", 1)
	src = strings.Replace(src, "  noc:\n    side: msp", "  noc:\n    side: msp\n    channels: {slack: \"#noc\", discord: \"#noc\"}", 1)
	src = strings.Replace(src, "    - {name: Maria}", "    - {name: Maria, accounts: {discord: \"@maria\"}}", 1)
	_, ps := parse(t, src, nil)
	want := []string{
		`teams.ops.members[0].slack: "@alice" is a user name, not an ID: write a Slack member ID like U0123ABCD`,
		`teams.ops.members[0].pagerduty: "@alice" is a user name, not an ID: write a PagerDuty user ID like PABC123`,
		`teams.noc.channels.slack: "#noc" is a channel name, not an ID: write a Slack channel ID like C0123ABCD`,
		`teams.noc.channels.discord: "#noc" is a channel name, not an ID: write a Discord channel ID, digits`,
		`managers.members[0].accounts.discord: "@maria" is a user name, not an ID: write a Discord user ID, digits`,
	}
	for _, w := range want {
		if !strings.Contains(ps.Error(), w) {
			t.Errorf("want %q in\n%v", w, ps)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("want %d problems, got %d:\n%v", len(want), len(ps), ps)
	}
	if !strings.HasPrefix(ps[0].String(), "t.yaml:") || ps[0].Line == 0 {
		t.Errorf("problem without a position: %v", ps[0])
	}
}

// With Discord configured, members known by e-mail only draw one warning:
// Discord cannot find them by address.
func TestEmailOnlyMembersOnDiscordWarn(t *testing.T) {
	src := strings.Replace(base, "      - {name: Bob}", "      - {name: Bob, email: bob@example.com}", 1) +
		"discord: {bot_token_env: DT, application_id: \"1\", guild_id: \"2\", public_key: \"" + strings.Repeat("ab", 32) + "\"}\n"
	cfg, ps := parse(t, src, map[string]string{"DT": "x"})
	if ps != nil {
		t.Fatal(ps)
	}
	var got []string
	for _, w := range cfg.Warnings {
		if strings.Contains(w.Msg, "e-mail") {
			got = append(got, w.String())
		}
	}
	if len(got) != 1 || !strings.Contains(got[0], "Discord cannot look people up by e-mail: Bob will not be recognised") {
		t.Errorf("want one warning naming Bob, got %q", got)
	}
}
