package config

import (
	"maps"
	"testing"
)

// A member's teams: (AAD object ID or e-mail) and a team's teams_channel
// (DESIGN §7) load into accounts.teams and channels.teams.
func TestTeamsAccountAndChannel(t *testing.T) {
	src := edit(t, "      - {name: Bob}\n    rotation",
		"      - {name: Bob, teams: bob@acme.example}\n    teams_channel: \"19:ops@thread.tacv2\"\n    rotation")
	cfg, probs := parse(t, src, nil)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	ops := cfg.Teams["ops"]
	if !maps.Equal(ops.Members[1].Accounts, map[string]string{"teams": "bob@acme.example"}) ||
		ops.Channels["teams"] != "19:ops@thread.tacv2" {
		t.Fatalf("accounts %v, channels %v", ops.Members[1].Accounts, ops.Channels)
	}
}
