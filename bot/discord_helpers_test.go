package bot_test

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
)

const (
	discordToken    = bottest.DiscordToken
	discordApp      = bottest.DiscordApp
	discordGuild    = bottest.DiscordGuild
	discordCategory = bottest.DiscordCategory
	nocChannel      = "2222"
	mirrorSecret    = bottest.SlackSecret
)

// chats is Acme's internal IT on Slack, its MSP's desk on Discord.
func chats() bottest.Scenario {
	return bottest.Scenario{
		Teams: []bottest.Team{
			{Name: "acme-it", Side: "internal", SlackChannel: "C01OPS",
				Members: []bottest.Member{{Name: "Alice", Slack: "U01ALICE"}, {Name: "Bob", Slack: "U01BOB"}}},
			{Name: "noc", Side: "msp", Scope: []string{"database", "network"}, DiscordChannel: nocChannel,
				Members: []bottest.Member{{Name: "Nora", Discord: "333"}, {Name: "Omar", Discord: "444"}}},
		},
		Managers: bottest.Team{Members: []bottest.Member{{Name: "Maria", Slack: "U01MARIA"}}},
		Services: []bottest.Service{{Name: "database", Owner: "acme-it", Ladder: "standard", Severity: "sev2"}},
		Ladders:  []bottest.Ladder{standardLadder},
		Discord:  &bottest.Discord{Channels: map[string]string{nocChannel: "noc-desk"}},
	}
}

var (
	nora  = discordtest.User{ID: "333", Username: "nora", GlobalName: "Nora"}
	omar  = discordtest.User{ID: "444", Username: "omar"}
	night = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) // Tuesday 03:00 in Chicago: after hours
)

type chatsSetup struct {
	slack bool // mirror to a fake Slack
	// at starts the bot's clock, which then runs at real speed, so retries
	// and waits come due; zero: the real clock.
	at     time.Time
	before func(*discordtest.Server)
	// noPublicKey leaves discord.public_key out.
	noPublicKey bool
	yaml        string // more top-level config
}

// startChats runs chats on a fake Discord, and a fake Slack when mirrored.
func startChats(t *testing.T, setup chatsSetup) *bottest.World {
	t.Helper()
	sc := chats()
	sc.At, sc.YAML = setup.at, setup.yaml
	sc.Discord.Before, sc.Discord.NoPublicKey = setup.before, setup.noPublicKey
	if setup.slack {
		sc.Slack = &bottest.Slack{Channels: map[string]string{"C01OPS": "acme-it", "C01MGRS": "managers"}}
	}
	return sc.Start(t)
}

func eventsOf(events []incident.Event, kind incident.Kind) []incident.Event {
	var out []incident.Event
	for _, e := range events {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}
