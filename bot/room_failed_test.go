package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// When Slack refuses to create the room for good, the incident goes on:
// the failure is on the timeline, the team's channel still gets its post
// (saying there is no room), and nothing waits forever for the room.
func TestRoomCreationRefusedForGood(t *testing.T) {
	e := startSlack(t, slackSetup{before: func(f *slacktest.Server) {
		f.FailNextWith("conversations.create", 1, "restricted_action")
	}})
	id := e.Alert(t, diskAlert)
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, m := range e.Slack.Messages("C01OPS") {
			if strings.Contains(m.Text, "no room on slack") && strings.Contains(m.Text, "restricted_action") {
				return true
			}
		}
		return false
	}, "team channel post without a room: %v", e.Slack.Messages("C01OPS"))
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, ev := range e.Timeline(t, id) {
			if ev.Kind == incident.KindDeliveryFailed && ev.Details["effect"] == "room.create" && strings.Contains(ev.Details["error"], "restricted_action") {
				return true
			}
		}
		return false
	}, "room.create failure on the timeline")
	// Nothing keeps waiting for the room: the outbox drains.
	bottest.Eventually(t, 10*time.Second, func() bool {
		d, _ := e.Bot.Store().OutboxDepth(t.Context())
		n, _ := e.Bot.Store().PendingTimers(t.Context())
		return d == 0 && n <= 4 // the incident's own ladder, reminder and SLA timers
	}, "outbox drained")
	if calls := e.Slack.Calls("conversations.create"); len(calls) != 1 {
		t.Fatalf("conversations.create called %d times", len(calls))
	}
}
