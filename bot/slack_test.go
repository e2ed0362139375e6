package bot_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// The whole Slack path: an alert opens a room with its card and buttons,
// the team's channel links to it, a click acknowledges, a slash command
// resolves, and the room shows every timeline entry exactly once.
func TestSlackAlertAckResolve(t *testing.T) {
	e := startSlack(t, slackSetup{})
	id := e.Alert(t, diskAlert)
	room := e.SlackRoom(t, "inc-1-disk-full-on-db-01")
	if n := len(e.Slack.OKCalls("conversations.create")); n != 1 {
		t.Fatalf("conversations.create %d times", n)
	}
	card := e.SlackCard(t, room.ID)
	if got := buttons(t, card.Blocks); len(got) != 3 || got["tandem_ack"] != id || got["tandem_escalate"] != id || got["tandem_resolve"] != id {
		t.Fatalf("card buttons %v", got)
	}
	if !strings.Contains(card.Blocks, "OPEN") || !strings.Contains(card.Blocks, "SEV2") || !strings.Contains(card.Blocks, "database") {
		t.Fatalf("card content %s", card.Blocks)
	}

	// The on-call of acme-it is paged, invited, and the team's channel links the room.
	bottest.Eventually(t, 10*time.Second, func() bool { return len(e.Slack.OKCalls("conversations.invite")) >= 1 }, "no invite")
	u := e.Slack.OKCalls("conversations.invite")[0].Params["users"]
	if u != "U01ALICE" && u != "U01BOB" {
		t.Fatalf("invited %q", u)
	}
	// rooms.private (the default): a private channel with only the bot and
	// the paged on-call in it.
	if ch, _ := e.Slack.Channel(room.ID); !ch.Private || !slices.Equal(ch.Members, []string{slacktest.BotUser, u}) {
		t.Fatalf("room private=%v members %v, want only the bot and %s", ch.Private, ch.Members, u)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		msgs := e.Slack.Messages("C01OPS")
		return len(msgs) == 1 && strings.Contains(msgs[0].Text, "<#"+room.ID+">")
	}, "team channel link: %+v", e.Slack.Messages("C01OPS"))
	// The pin follows the card's post in the same delivery: wait for it.
	bottest.Eventually(t, 10*time.Second, func() bool {
		ch, _ := e.Slack.Channel(room.ID)
		return len(ch.Pins) == 1 && ch.Pins[0] == card.TS && strings.Contains(ch.Topic, "SEV2") && strings.Contains(ch.Topic, "OPEN")
	}, "card not pinned or topic not set")

	// Acknowledge on the card.
	ack := e.SlackSend.Click("U01ALICE", room.ID, "tandem_ack", id)
	if ack.Status != 200 || ack.Body != "" {
		t.Fatalf("click answered %d %q", ack.Status, ack.Body)
	}
	if a := waitAnswer(t, ack); !a.Ephemeral() || !strings.Contains(a.Content(), "acknowledged by Alice (internal)") {
		t.Fatalf("click answer %+v", a)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		c := e.Slack.Messages(room.ID)[0]
		return c.Edits >= 1 && strings.Contains(c.Blocks, "ACKED") && strings.Contains(c.Blocks, "Alice (internal)")
	}, "card not updated after the ack")
	ups := e.Slack.OKCalls("chat.update")
	if ups[0].Params["ts"] != card.TS || ups[0].Params["channel"] != room.ID {
		t.Fatalf("chat.update of %v, card is %s", ups[0].Params, card.TS)
	}
	acked := findKind(e.Timeline(t, id), incident.KindAcked)
	if acked == nil || acked.Actor.Side != incident.Internal || acked.Actor.Platform != "slack" || acked.Actor.User != "U01ALICE" {
		t.Fatalf("acked entry %+v", acked)
	}

	// A double click changes nothing and is answered politely.
	again := e.SlackSend.Click("U01BOB", room.ID, "tandem_ack", id)
	if a := waitAnswer(t, again); !strings.Contains(a.Content(), "already acknowledged by Alice") {
		t.Fatalf("second click answer %q", a.Content())
	}

	// Resolve with a slash command in the room.
	res := e.SlackSend.Command("U01BOB", room.ID, "resolve "+id+" all good")
	if a := waitAnswer(t, res); a.Ephemeral() || !strings.Contains(a.Content(), "resolved by Bob (internal) from Slack") {
		t.Fatalf("resolve answer %+v", a)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		c := e.Slack.Messages(room.ID)[0]
		return strings.Contains(c.Blocks, "RESOLVED") && len(buttons(t, c.Blocks)) == 0
	}, "card not resolved, or still has buttons")
	timeline := e.Timeline(t, id)
	if r := findKind(timeline, incident.KindResolved); r == nil || r.Details["note"] != "all good" {
		t.Fatalf("resolved entry %+v", r)
	}
	// A click on a resolved incident is harmless.
	late := e.SlackSend.Click("U01ALICE", room.ID, "tandem_resolve", id)
	if a := waitAnswer(t, late); !strings.Contains(a.Content(), "already resolved") {
		t.Fatalf("click after resolve %q", a.Content())
	}

	// The room shows each timeline entry exactly once, in order. (Other
	// messages, such as the card, are not timeline entries.)
	timeline = e.Timeline(t, id)
	entries := func() []slacktest.Message {
		var out []slacktest.Message
		for _, m := range e.Slack.Messages(room.ID) {
			if strings.HasPrefix(m.Text, "<!date^") {
				out = append(out, m)
			}
		}
		return out
	}
	bottest.Eventually(t, 20*time.Second, func() bool { return len(entries()) == len(timeline) },
		"room has %d entries for %d on the timeline: %s\n%s", len(entries()), len(timeline), eventKinds(timeline), dumpMessages(e.Slack.Messages(room.ID)))
	posted := entries()
	for i, ev := range timeline {
		want := entryText(ev)
		n := 0
		for _, m := range posted {
			if strings.HasSuffix(m.Text, want) {
				n++
			}
		}
		if n != 1 || !strings.HasSuffix(posted[i].Text, want) {
			t.Errorf("entry %d (%s) posted %d times; at its place: %q", i, ev.Kind, n, posted[i].Text)
		}
	}
	kinds := strings.Split(eventKinds(timeline), ",")
	slices.Sort(kinds) // the page and the room race each other
	if got, want := strings.Join(kinds, ","), "acked,alert.firing,opened,paged,resolved,room.created"; got != want {
		t.Errorf("timeline kinds %s, want %s", got, want)
		for _, ev := range timeline {
			t.Logf("%s %v", ev.Kind, ev.Details)
		}
	}
	if n := len(e.Slack.OKCalls("conversations.create")); n != 1 {
		t.Fatalf("conversations.create %d times", n)
	}
}

func findKind(events []incident.Event, k incident.Kind) *incident.Event {
	i := slices.IndexFunc(events, func(e incident.Event) bool { return e.Kind == k })
	if i < 0 {
		return nil
	}
	return &events[i]
}

// Slack's 429 with Retry-After: 2 on the first conversations.create: the
// room is created once, about 2 s later.
func TestSlackRoomCreateRetryAfter(t *testing.T) {
	e := startSlack(t, slackSetup{realClock: true, before: func(f *slacktest.Server) {
		f.FailNext("conversations.create", 1, 429, 2*time.Second)
	}})
	e.Alert(t, diskAlert)
	room := e.SlackRoom(t, "inc-1-")
	calls := e.Slack.Calls("conversations.create")
	if len(calls) != 2 || calls[0].Answer != "ratelimited" || calls[1].Answer != "" {
		t.Fatalf("conversations.create calls %+v", calls)
	}
	delay := calls[1].At.Sub(calls[0].At)
	t.Logf("room %s created %v after the 429", room.Name, delay)
	if delay < 1900*time.Millisecond || delay >= 10*time.Second {
		t.Fatalf("created %v after the 429, want about 2 s", delay)
	}
	e.SlackCard(t, room.ID)
	if n := len(e.Slack.Channels()); n != 4 { // three team channels and the room
		t.Fatalf("%d channels", n)
	}
}

func dumpMessages(msgs []slacktest.Message) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString(m.TS + " " + m.Text + "\n")
	}
	return b.String()
}

// Slack posts a message but its answer is lost (the connection drops): the
// bot cannot know the message went out and tries again. The retry finds
// the message by its key and posts nothing: one page post in the team's
// channel, one card, each timeline entry once.
func TestSlackLostAnswersPostNothingTwice(t *testing.T) {
	e := startSlack(t, slackSetup{realClock: true, before: func(f *slacktest.Server) {
		f.LoseNextAnswer("chat.postMessage", 4)
	}})
	id := e.Alert(t, diskAlert)
	room := e.SlackRoom(t, "inc-1-")
	e.SlackCard(t, room.ID)
	// On the real clock the page goes to acme-it or (after hours) the NOC.
	teamPosts := func() []slacktest.Message {
		return append(e.Slack.Messages("C01OPS"), e.Slack.Messages("C02NOC")...)
	}
	var tl []incident.Event
	caughtUp := func() bool {
		tl = e.Timeline(t, id)
		return len(e.Slack.Messages(room.ID)) >= 1+len(tl) && len(teamPosts()) >= 1
	}
	for deadline := time.Now().Add(30 * time.Second); !caughtUp(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("room and team channel did not catch up:\n%s\ncalls: %+v\nlogs:\n%s",
				dumpMessages(e.Slack.Messages(room.ID)), e.Slack.Calls(""), e.Bot.Logs)
		}
	}
	time.Sleep(time.Second) // room for a repeat to show
	lost := 0
	for _, c := range e.Slack.Calls("chat.postMessage") {
		if c.Answer == "(lost)" {
			lost++
		}
	}
	if lost != 4 {
		t.Fatalf("%d answers lost, want 4", lost)
	}
	roomMsgs, teamMsgs := e.Slack.Messages(room.ID), teamPosts()
	if len(teamMsgs) != 1 {
		t.Fatalf("%d posts in the team channel, want 1:\n%s", len(teamMsgs), dumpMessages(teamMsgs))
	}
	if len(roomMsgs) != 1+len(tl) {
		t.Fatalf("%d room messages for a card and %d entries (%s):\n%s", len(roomMsgs), len(tl), eventKinds(tl), dumpMessages(roomMsgs))
	}
	for _, en := range tl {
		n := 0
		for _, m := range roomMsgs {
			if strings.Contains(m.Text, entryText(en)) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s shown %d times", en.Kind, n)
		}
	}
	t.Logf("%d answers lost; %d retries looked for their post (conversations.history); room %d messages, team channel 1",
		lost, len(e.Slack.OKCalls("conversations.history")), len(roomMsgs))
}
