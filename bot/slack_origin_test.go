package bot_test

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// With slack.app_id and slack.team_id set, correctly signed requests for
// another app or from another workspace the app is installed in run
// nothing: a command is answered privately with the reason, a click or a
// mention is acknowledged and dropped; nothing reaches the timeline.
// A request of this app and workspace runs as usual.
func TestSlackOtherAppOrWorkspaceRefused(t *testing.T) {
	e := startSlack(t, slackSetup{slackKeys: "app_id: " + slacktest.AppID + ", team_id: " + slacktest.TeamID + ","})
	id := e.Alert(t, diskAlert)
	room := e.SlackRoom(t, "inc-1-")
	for _, c := range []struct {
		name, app, team, why string
	}{
		{"OtherApp", "AOTHER01", "", `it is for Slack app "AOTHER01", and this Tandem is app ATANDEM (slack.app_id)`},
		{"OtherWorkspace", "", "TOTHER01", `it comes from Slack workspace "TOTHER01", and this Tandem serves workspace TTEST (slack.team_id)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			send := *e.SlackSend
			send.App, send.Team = c.app, c.team
			r := send.Command("U01ALICE", "C01OPS", "ack "+id)
			a := waitAnswer(t, r)
			if r.Status != 200 || !a.Ephemeral() || !strings.Contains(a.Content(), "Tandem did nothing: "+c.why) {
				t.Fatalf("command: %d %+v", r.Status, a)
			}
			if r := send.Click("U01ALICE", room.ID, "tandem_ack", id); r.Status != 200 || r.Body != "" {
				t.Fatalf("click: %d %q", r.Status, r.Body)
			}
			if r := send.Mention("U01ALICE", room.ID, "", "ack "+id); r.Status != 200 {
				t.Fatalf("mention: %d %q", r.Status, r.Body)
			}
		})
	}
	// The ladder may still add entries meanwhile: what must be absent is
	// anything Alice's refused requests would have written.
	for _, ev := range e.Timeline(t, id) {
		if ev.Actor.Name == "Alice" || ev.Kind == incident.KindAcked || ev.Kind == incident.KindRefused {
			t.Fatalf("a foreign request reached the timeline: %s", eventKinds(e.Timeline(t, id)))
		}
	}
	if a := waitAnswer(t, e.SlackSend.Command("U01ALICE", "C01OPS", "ack "+id)); !strings.Contains(a.Content(), "INC-1 acknowledged by Alice") {
		t.Fatalf("this app and workspace: %+v", a)
	}
}
