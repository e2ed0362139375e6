package bot_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/teams"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
)

const nocTeamsChannel = "19:noc@thread.tacv2"

// teamsNora is the MSP's Nora as Teams sends her: her AAD object ID is
// her configured teams: account.
var teamsNora = teamstest.User{ID: "29:1nora", Name: "Nora", AADObjectID: "aad-0000-nora", Email: "nora@msp.example"}

// teamsAndSlack is Acme's IT on Slack and its MSP's NOC on Teams: the
// database is Acme's, the NOC paged for it at once.
func teamsAndSlack(before func(*teamstest.Server)) bottest.Scenario {
	return bottest.Scenario{
		Teams: []bottest.Team{
			{Name: "acme-it", Side: "internal", SlackChannel: "C01OPS",
				Members: []bottest.Member{{Name: "Alice", Slack: "U01ALICE"}}},
			{Name: "noc", Side: "msp", Scope: []string{"database"}, TeamsChannel: nocTeamsChannel,
				Members: []bottest.Member{{Name: "Nora", Teams: teamsNora.AADObjectID}}},
		},
		Services: []bottest.Service{{Name: "database", Owner: "acme-it", Ladder: "now", Severity: "sev2"}},
		Ladders:  []bottest.Ladder{{Name: "now", Steps: []bottest.Step{{Notify: []string{"noc", "acme-it"}}}}},
		Slack:    &bottest.Slack{Channels: map[string]string{"C01OPS": "acme-it"}},
		MSTeams:  &bottest.MSTeams{Channels: map[string]string{nocTeamsChannel: "NOC"}, Before: before},
	}
}

// An alert pages the NOC on Teams: one thread in its channel with the
// Adaptive Card first; Nora (MSP) presses Acknowledge; the invoke answers
// with the refreshed card, the thread's card is updated in place, the
// timeline says teams and msp, and the incident's Slack room shows the ack.
func TestTeamsAlertAckMirroredOnSlack(t *testing.T) {
	e := teamsAndSlack(nil).Start(t)
	id := e.Alert(t, diskAlert)

	root := e.TeamsThread(t, nocTeamsChannel)
	if !strings.Contains(fmt.Sprint(root.Card), id) || !strings.Contains(fmt.Sprint(root.Card), teams.VerbAck) {
		t.Fatalf("the thread's first message is not the card: %+v", root)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		return strings.Contains(replies(e.MSTeams, root.ID), "paged")
	}, "the page is not in the thread: %s", replies(e.MSTeams, root.ID))

	code, body, err := e.TeamsSend.Send(e.TeamsSend.Click(teamsNora, nocTeamsChannel, root.ID, teams.VerbAck, map[string]any{"incident": id}))
	if err != nil || code != 200 {
		t.Fatalf("click: %d %s %v", code, body, err)
	}
	var answer struct {
		StatusCode int            `json:"statusCode"`
		Type       string         `json:"type"`
		Value      map[string]any `json:"value"`
	}
	if err := json.Unmarshal([]byte(body), &answer); err != nil || answer.Type != teams.CardContentType || !strings.Contains(fmt.Sprint(answer.Value), "ACKED") {
		t.Fatalf("the invoke was not answered with the acked card: %s", body)
	}

	var ack incident.Event
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, ev := range e.Timeline(t, id) {
			if ev.Kind == incident.KindAcked {
				ack = ev
				return true
			}
		}
		return false
	}, "no ack on the timeline")
	if ack.Actor.Platform != "teams" || ack.Actor.Side != incident.MSP || ack.Actor.Name != "Nora" {
		t.Fatalf("ack by %+v, want Nora (msp) on teams", ack.Actor)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		th := e.MSTeams.Threads(nocTeamsChannel)
		return len(th) == 1 && th[0].ID == root.ID && th[0].Updates >= 1 && strings.Contains(fmt.Sprint(th[0].Card), "ACKED")
	}, "the Teams card was not updated in place: %+v", e.MSTeams.Threads(nocTeamsChannel))

	room := slackRoom(t, e.Slack)
	bottest.Eventually(t, 10*time.Second, func() bool {
		return strings.Contains(dumpMessages(e.Slack.Messages(room.ID)), "Nora")
	}, "the Slack room does not show Nora's ack: %s", dumpMessages(e.Slack.Messages(room.ID)))
	if n := len(e.MSTeams.Threads(nocTeamsChannel)); n != 1 {
		t.Fatalf("%d threads, want 1", n)
	}
}

// replies joins a thread's replies' texts.
func replies(s *teamstest.Server, root string) string {
	var b strings.Builder
	for _, m := range s.Replies(root) {
		b.WriteString(m.Text + "\n")
	}
	return b.String()
}
