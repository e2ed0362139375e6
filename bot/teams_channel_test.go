package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/integrations/teams"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
)

// With msteams.channel_per_incident the incident's Teams room is a new
// channel of the team, created through Graph once and named like the
// other rooms; the card starts a thread in it and the timeline follows.
func TestTeamsChannelPerIncident(t *testing.T) {
	sc := teamsAndSlack(nil)
	sc.MSTeams.Keys = "team_id: " + teamstest.TeamID + ", channel_per_incident: true,"
	e := sc.Start(t)
	id := e.Alert(t, diskAlert)

	var room string
	bottest.Eventually(t, 10*time.Second, func() bool {
		for chID, name := range e.MSTeams.Channels() {
			if chID != nocTeamsChannel && strings.HasPrefix(name, "inc-") {
				room = chID
				return len(e.MSTeams.Threads(chID)) > 0
			}
		}
		return false
	}, "no incident channel with a card: %v", e.MSTeams.Channels())
	card := e.MSTeams.Threads(room)[0]
	if !strings.Contains(card.Text, id) || card.Card == nil {
		t.Fatalf("the channel's first post is not the card: %+v", card)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		n := 0
		for _, m := range e.MSTeams.Messages() {
			if m.Channel == room && strings.Contains(m.Text, "paged") {
				n++
			}
		}
		return n >= 1
	}, "the timeline is not in the incident channel")
	if n := len(e.MSTeams.Channels()); n != 2 {
		t.Fatalf("%d channels, want the NOC's and one incident channel", n)
	}
	// The NOC's own channel is told of the page (with a link to the room),
	// and holds no card.
	for _, m := range e.MSTeams.Threads(nocTeamsChannel) {
		if strings.Contains(fmt.Sprint(m.Card), teams.VerbAck) {
			t.Fatalf("an incident card was posted in the NOC's channel too: %+v", m)
		}
	}
}
