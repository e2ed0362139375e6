package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
)

// Nora is configured by e-mail: her AAD object ID is no member's, so her
// profile's e-mail is read from the connector and maps her. "@Tandem
// note …" and "@Tandem resolve" in the incident's thread need no ID; the
// answers are replies in the thread. A stranger's command is refused with
// a reply that mentions them (Teams has no ephemeral messages), and
// nothing reaches the timeline.
func TestTeamsCommandsInThread(t *testing.T) {
	sc := teamsAndSlack(func(f *teamstest.Server) { f.AddUser(teamsNora) })
	sc.Teams[1].Members[0].Teams = teamsNora.Email
	e := sc.Start(t)
	id := e.Alert(t, diskAlert)
	root := e.TeamsThread(t, nocTeamsChannel)

	for _, text := range []string{"note replica lag is back to 0", "resolve"} {
		if code, body, err := e.TeamsSend.Send(e.TeamsSend.Mention(teamsNora, nocTeamsChannel, root.ID, text)); err != nil || code != 200 {
			t.Fatalf("%s: %d %s %v", text, code, body, err)
		}
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		var kinds []string
		for _, ev := range e.Timeline(t, id) {
			if (ev.Kind == incident.KindNote || ev.Kind == incident.KindResolved) && ev.Actor.Name == "Nora" && ev.Actor.Platform == "teams" {
				kinds = append(kinds, string(ev.Kind))
			}
		}
		return strings.Join(kinds, ",") == "note,resolved"
	}, "Nora's note and resolve not on the timeline: %+v", e.Timeline(t, id))

	stranger := teamstest.User{ID: "29:1eve", Name: "Eve", AADObjectID: "aad-eve"}
	if code, _, _ := e.TeamsSend.Send(e.TeamsSend.Mention(stranger, nocTeamsChannel, root.ID, "ack "+id)); code != 200 {
		t.Fatalf("stranger's command: %d", code)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		return strings.Contains(replies(e.MSTeams, root.ID), "<at>Eve</at>") &&
			strings.Contains(replies(e.MSTeams, root.ID), "does not know you")
	}, "the stranger was not answered by mention: %s", replies(e.MSTeams, root.ID))
	for _, ev := range e.Timeline(t, id) {
		if ev.Actor.Name == "Eve" || ev.Actor.User == "aad-eve" {
			t.Fatalf("the stranger reached the timeline: %+v", ev)
		}
	}
}
