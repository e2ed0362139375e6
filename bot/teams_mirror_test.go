package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/integrations/teams"
)

// One incident with rooms on Slack, Discord and Teams at once (issue 17
// item 7): Acme's IT on Slack, the MSP's desk on Discord, its NOC on
// Teams. Nora acks from the Teams card; the Slack and Discord cards say
// so; every timeline entry appears once in each of the three rooms.
func TestTeamsMirroredOnSlackAndDiscord(t *testing.T) {
	sc := bottest.Scenario{
		Teams: []bottest.Team{
			{Name: "acme-it", Side: "internal", SlackChannel: "C01OPS",
				Members: []bottest.Member{{Name: "Alice", Slack: "U01ALICE"}}},
			{Name: "desk", Side: "msp", Scope: []string{"database"}, DiscordChannel: nocChannel,
				Members: []bottest.Member{{Name: "Omar", Discord: "444"}}},
			{Name: "noc", Side: "msp", Scope: []string{"database"}, TeamsChannel: nocTeamsChannel,
				Members: []bottest.Member{{Name: "Nora", Teams: teamsNora.AADObjectID}}},
		},
		Services: []bottest.Service{{Name: "database", Owner: "acme-it", Ladder: "now", Severity: "sev2"}},
		Ladders:  []bottest.Ladder{{Name: "now", Steps: []bottest.Step{{Notify: []string{"noc", "desk", "acme-it"}}}}},
		Slack:    &bottest.Slack{Channels: map[string]string{"C01OPS": "acme-it"}},
		Discord:  &bottest.Discord{Channels: map[string]string{nocChannel: "noc-desk"}},
		MSTeams:  &bottest.MSTeams{Channels: map[string]string{nocTeamsChannel: "NOC"}},
	}
	e := sc.Start(t)
	id := e.Alert(t, diskAlert)

	root := e.TeamsThread(t, nocTeamsChannel)
	droom := e.DiscordRoom(t)
	dcard := e.DiscordCard(t, droom.ID)
	sroom := slackRoom(t, e.Slack)
	scard := e.SlackCard(t, sroom.ID)

	code, body, err := e.TeamsSend.Send(e.TeamsSend.Click(teamsNora, nocTeamsChannel, root.ID, teams.VerbAck, map[string]any{"incident": id}))
	if err != nil || code != 200 {
		t.Fatalf("click: %d %s %v", code, body, err)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		d := e.DiscordMessage(droom.ID, dcard.ID)
		s := e.Slack.Messages(sroom.ID)[0]
		th := e.MSTeams.Threads(nocTeamsChannel)
		return d.Edits >= 1 && strings.Contains(d.Embeds[0].Description, "ACKED") &&
			s.TS == scard.TS && s.Edits >= 1 && strings.Contains(s.Blocks, "ACKED") &&
			len(th) == 1 && th[0].Updates >= 1 && strings.Contains(fmt.Sprint(th[0].Card), "ACKED")
	}, "the three cards were not all updated after the Teams ack")
	acked := eventsOf(e.Timeline(t, id), incident.KindAcked)
	if len(acked) != 1 || acked[0].Actor.Platform != "teams" || acked[0].Actor.Side != incident.MSP {
		t.Fatalf("acked entries %+v", acked)
	}

	countTeams := func(text string) int {
		n := 0
		for _, m := range e.MSTeams.Replies(root.ID) {
			if strings.Contains(m.Text, text) {
				n++
			}
		}
		return n
	}
	events := e.Timeline(t, id)
	var missing string
	bottest.Eventually(t, 15*time.Second, func() bool {
		for _, ev := range events {
			text := chat.DescribeEvent(ev)
			if d, s, m := e.CountDiscord(droom.ID, text), countSlack(e.Slack, sroom.ID, text), countTeams(text); d != 1 || s != 1 || m != 1 {
				missing = fmt.Sprintf("%q: Discord %d, Slack %d, Teams %d", text, d, s, m)
				return false
			}
		}
		return true
	}, "an entry is missing or repeated in a room: %s", lazy(func() string { return missing }))
	if n, m, k := len(e.Slack.OKCalls("conversations.create")), len(e.Discord.Calls(discordtest.RouteCreateChannel)), len(e.MSTeams.Threads(nocTeamsChannel)); n != 1 || m != 1 || k != 1 {
		t.Fatalf("rooms: Slack %d, Discord %d, Teams threads %d", n, m, k)
	}
	t.Logf("timeline of %d entries, each once in the Slack room, the Discord channel and the Teams thread", len(events))
}
