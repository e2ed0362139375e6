package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

const (
	diskResolved = `{"summary":"Disk full on db-01","dedup_key":"disk-db-01","status":"resolved","service":"database"}`
	archiveAfter = "rooms: {archive_after: 5s}\n"
)

// A resolved incident's Slack room is archived once archive_after has
// passed, after a last line that says where the record stays; a reopening
// brings a new room whose first message links the archived one.
func TestSlackRoomArchivedOnceThenReopened(t *testing.T) {
	e := startSlack(t, slackSetup{yaml: archiveAfter})
	id := e.Alert(t, diskAlert)
	room := e.SlackRoom(t, "inc-")
	e.SlackCard(t, room.ID)
	e.Alert(t, diskResolved)
	waitKind(t, e, id, incident.KindResolved)
	e.Clock.Advance(6 * time.Second)
	bottest.Eventually(t, 20*time.Second, func() bool {
		ch, _ := e.Slack.Channel(room.ID)
		return ch.Archived
	}, "room not archived")
	msgs := e.Slack.Messages(room.ID)
	if last := msgs[len(msgs)-1].Text; !strings.Contains(last, "this room is now closed") || !strings.Contains(last, "/incident timeline "+id) {
		t.Fatalf("last line %q", last)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		return outcome(e.Timeline(t, id), "slack") == "archived"
	}, "outcome not on the timeline: %s", eventKinds(e.Timeline(t, id)))
	// Time goes on: nothing is archived again, nothing more is posted there.
	e.Clock.Advance(time.Hour)
	e.Alert(t, `{"summary":"note","dedup_key":"other","service":"database"}`)
	n := len(e.Slack.Messages(room.ID))
	time.Sleep(300 * time.Millisecond) // a sync for a closed room would post within this
	if got := len(e.Slack.Calls("conversations.archive")); got != 1 {
		t.Fatalf("conversations.archive called %d times", got)
	}
	if len(e.Slack.Messages(room.ID)) != n {
		t.Fatal("posted in a closed room")
	}
}

// Reopened within reopen_within after its room was archived: a new
// channel, the old name with a suffix, whose first message links the
// archived one; conversations.unarchive is never called.
func TestSlackReopenAfterArchiveBringsNewRoom(t *testing.T) {
	e := startSlack(t, slackSetup{yaml: archiveAfter})
	id := e.Alert(t, diskAlert)
	room := e.SlackRoom(t, "inc-")
	e.Alert(t, diskResolved)
	waitKind(t, e, id, incident.KindResolved)
	e.Clock.Advance(6 * time.Second)
	bottest.Eventually(t, 20*time.Second, func() bool { ch, _ := e.Slack.Channel(room.ID); return ch.Archived }, "not archived")
	if again := e.Alert(t, diskAlert); again != id {
		t.Fatalf("reopen within reopen_within opened %s, want %s", again, id)
	}
	next := e.SlackRoom(t, room.Name+"-2")
	bottest.Eventually(t, 20*time.Second, func() bool {
		msgs := e.Slack.Messages(next.ID)
		return len(msgs) > 1 && msgs[1].Blocks != ""
	}, "no card in the new room")
	first := e.Slack.Messages(next.ID)[0].Text
	if !strings.Contains(first, "<#"+room.ID+">") || !strings.Contains(first, "open again") {
		t.Fatalf("first message %q does not link the closed room", first)
	}
	if n := len(e.Slack.Calls("conversations.unarchive")); n != 0 {
		t.Fatalf("unarchive called %d times", n)
	}
	// Resolved again: the new room is archived in its turn (once it has
	// caught up, at Slack's pace of a message a second).
	drained(t, e)
	e.Alert(t, diskResolved)
	bottest.Eventually(t, 10*time.Second, func() bool { return countKind(e.Timeline(t, id), incident.KindResolved) == 2 }, "not resolved again")
	drained(t, e)
	e.Clock.Advance(6 * time.Second)
	bottest.Eventually(t, 20*time.Second, func() bool { ch, _ := e.Slack.Channel(next.ID); return ch.Archived }, "new room not archived")
	if n := len(e.Slack.OKCalls("conversations.archive")); n != 2 {
		t.Fatalf("%d archives, want 2 (one a room)", n)
	}
}

// A room a person archived (or deleted) first: the close is no error, is
// not retried, and the timeline says so.
func TestSlackRoomArchivedByAPerson(t *testing.T) {
	for name, byHand := range map[string]func(*slacktest.Server, string){
		"Archived": (*slacktest.Server).Archive,
		"Deleted":  (*slacktest.Server).Delete,
	} {
		t.Run(name, func(t *testing.T) {
			e := startSlack(t, slackSetup{yaml: archiveAfter})
			id := e.Alert(t, diskAlert)
			room := e.SlackRoom(t, "inc-")
			e.SlackCard(t, room.ID)
			e.Alert(t, diskResolved)
			waitKind(t, e, id, incident.KindResolved)
			drained(t, e)
			byHand(e.Slack, room.ID)
			e.Clock.Advance(6 * time.Second)
			bottest.Eventually(t, 10*time.Second, func() bool {
				return outcome(e.Timeline(t, id), "slack") == "already closed"
			}, "outcome: %s", eventKinds(e.Timeline(t, id)))
			drained(t, e)
			if n := len(e.Slack.Calls("conversations.archive")); n != 1 {
				t.Fatalf("conversations.archive called %d times", n)
			}
			if ev := findKind(e.Timeline(t, id), incident.KindDeliveryFailed); ev != nil && ev.Details["effect"] == string(incident.EffectRoomClose) {
				t.Fatalf("a room closed by a person is not a failure: %v", ev.Details)
			}
		})
	}
}

func outcome(tl []incident.Event, platform string) string {
	for _, ev := range tl {
		if ev.Kind == incident.KindRoomClosed && ev.Details["platform"] == platform {
			return ev.Details["outcome"]
		}
	}
	return ""
}

func waitKind(t *testing.T, e *bottest.World, id string, k incident.Kind) {
	t.Helper()
	bottest.Eventually(t, 10*time.Second, func() bool { return findKind(e.Timeline(t, id), k) != nil }, "no %s on %s", k, id)
}

func drained(t *testing.T, e *bottest.World) {
	t.Helper()
	bottest.Eventually(t, 30*time.Second, func() bool {
		d, _ := e.Bot.Store().OutboxDepth(t.Context())
		return d == 0
	}, "outbox not drained")
}
