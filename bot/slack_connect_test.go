package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// Slack Connect (issue 14 item 4): people of another organisation in a
// shared channel reach Tandem through the installing workspace (team_id
// TTEST, which slack.team_id accepts) with their own user.team_id (T0MSP).
// That team is not what decides: Nora, mapped in config, acts as herself
// with her side; U0OUTSIDER, of the same organisation but mapped nowhere,
// is refused privately and reaches neither the timeline nor a room.
func TestSlackConnectUserActsOnlyWhenMapped(t *testing.T) {
	e := startSlack(t, slackSetup{
		slackKeys: "app_id: " + slacktest.AppID + ", team_id: " + slacktest.TeamID + ",",
		before: func(f *slacktest.Server) {
			f.AddSharedChannel("C0SHARED", "acme-msp", "T0MSP", "U02NORA", "U0OUTSIDER")
		},
	})
	id := e.Alert(t, `{"summary":"Uplink down","dedup_key":"net-1","severity":"sev3","service":"network"}`)
	room := e.SlackRoom(t, "inc-1-")
	e.SlackCard(t, room.ID)

	if a := waitAnswer(t, e.SlackSend.Click("U0OUTSIDER", room.ID, "tandem_ack", id)); !a.Ephemeral() || !strings.Contains(a.Content(), "does not know you") {
		t.Fatalf("the unmapped Slack Connect user's click answered %+v", a)
	}
	if r := e.SlackSend.Mention("U0OUTSIDER", "C0SHARED", "", "resolve "+id+" fixed"); r.Status != 200 {
		t.Fatalf("the unmapped Slack Connect user's mention: %d %q", r.Status, r.Body)
	}
	if a := waitAnswer(t, e.SlackSend.Click("U02NORA", room.ID, "tandem_ack", id)); !strings.Contains(a.Content(), "acknowledged by Nora") {
		t.Fatalf("Nora (mapped, user.team_id T0MSP) answered %+v", a)
	}
	time.Sleep(500 * time.Millisecond) // room posts of a refusal, if any, are out by now
	acked := 0
	for _, ev := range e.Timeline(t, id) {
		if ev.Actor.User == "U0OUTSIDER" || ev.Kind == incident.KindResolved {
			t.Fatalf("the unmapped user reached the timeline: %s", eventKinds(e.Timeline(t, id)))
		}
		if ev.Kind == incident.KindAcked {
			acked++
			if ev.Actor.Name != "Nora" || ev.Actor.Side != "msp" {
				t.Fatalf("ack by %+v, want Nora (msp)", ev.Actor)
			}
		}
	}
	if acked != 1 {
		t.Fatalf("%d acks: %s", acked, eventKinds(e.Timeline(t, id)))
	}
	private := 0
	for _, ch := range []string{room.ID, "C0SHARED", "C02NOC"} {
		for _, m := range e.Slack.Messages(ch) {
			switch {
			case m.EphemeralTo == "U0OUTSIDER" && strings.Contains(m.Text, "does not know you"):
				private++ // the mention's refusal, seen by the asker only
			case m.User == "U0OUTSIDER":
				// the mention itself, typed in the shared channel
			case strings.Contains(m.Text, "OUTSIDER") || strings.Contains(m.Text, "does not know"):
				t.Fatalf("the unmapped user reached %s: %+v", ch, m)
			}
		}
	}
	if private != 1 {
		t.Fatalf("%d private refusals of the mention, want 1", private)
	}
}
