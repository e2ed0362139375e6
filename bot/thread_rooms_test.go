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
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// startThreads runs Acme's IT on Slack (channel rooms) and Discord; its
// MSP's desk in its own Slack workspace, reaching Acme through the Slack
// Connect channel C0SHARED, so it takes part in incidents in threads there.
func startThreads(t *testing.T) *bottest.World {
	t.Helper()
	sc := chats()
	sc.Teams = []bottest.Team{
		{Name: "acme-it", Side: "internal", SlackChannel: "C01OPS", DiscordChannel: nocChannel,
			Members: []bottest.Member{{Name: "Alice", Slack: "U01ALICE", Discord: "111"}, {Name: "Bob", Slack: "U01BOB", Discord: "222"}}},
		{Name: "noc", Side: "msp", Scope: []string{"database", "network"}, SlackChannel: "C0SHARED", SlackRooms: "thread",
			Members: []bottest.Member{{Name: "Nora", Slack: "U0NORA"}, {Name: "Omar", Slack: "U0OMAR"}}},
	}
	sc.Managers = bottest.Team{}
	sc.Discord.Channels = map[string]string{nocChannel: "acme-ops"}
	sc.Slack = &bottest.Slack{Channels: map[string]string{"C01OPS": "acme-it"}, Before: func(f *slacktest.Server) {
		f.AddSharedChannel("C0SHARED", "acme-msp", "T0MSP", "U0NORA", "U0OMAR")
	}}
	sc.At = night
	return sc.Start(t)
}

// One incident run end to end by an MSP in a thread of a Slack Connect
// channel, mirrored with the internal team's Discord room and its private
// Slack room: the card is the thread's parent, edited in place; the desk's
// on-call is mentioned in the thread (never invited: Slack refuses to
// invite a guest of another organisation); Nora acknowledges with the
// card's button in the thread, adds a note and resolves with @Tandem in
// the thread (the incident found from the thread); every timeline entry
// is a reply in the thread and a message in the Discord room, once each.
func TestThreadRoomMirrored(t *testing.T) {
	e := startThreads(t)
	id := e.Alert(t, diskAlert)

	parent := threadParent(t, e.Slack, "C0SHARED")
	if !strings.Contains(parent.Blocks, "tandem_ack") || !strings.Contains(parent.Blocks, id) {
		t.Fatalf("thread parent is not the card: %+v", parent)
	}
	droom := e.DiscordRoom(t)
	sroom := slackRoom(t, e.Slack)
	if !sroom.Private || !slackCreatedPrivate(e.Slack) {
		t.Fatalf("the Slack room is not private: %+v", sroom)
	}
	// Nobody of Acme is paged yet at night: the Slack and Discord rooms are
	// the bot's alone.
	if droom.Visible("111") || !droom.Visible(discordtest.BotUserID) || len(sroom.Members) != 1 {
		t.Fatalf("rooms not private: Discord %+v, Slack members %v", droom.Overwrites, sroom.Members)
	}

	// The desk's on-call (Omar this week) is told in the thread, by mention.
	bottest.Eventually(t, 10*time.Second, func() bool {
		return countReplies(e.Slack, parent.TS, "<@U0OMAR>") == 1 && countReplies(e.Slack, parent.TS, "is paged (step 2)") == 1
	}, "on-call not mentioned in the thread: %s", dumpMessages(e.Slack.Messages("C0SHARED")))

	// Nora acknowledges with the card's button, in the thread.
	ack := e.SlackSend.ClickOn("U0NORA", "C0SHARED", parent.TS, parent.TS, "tandem_ack", id)
	if a := waitAnswer(t, ack); !strings.Contains(a.Content(), "acknowledged by Nora") {
		t.Fatalf("ack answered %+v", a)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		p := threadParentNow(e.Slack, "C0SHARED")
		return p.TS == parent.TS && p.Edits >= 1 && strings.Contains(p.Blocks, "ACKED") &&
			strings.Contains(e.DiscordMessage(droom.ID, e.DiscordCard(t, droom.ID).ID).Embeds[0].Description, "ACKED")
	}, "the thread's card and the Discord card not edited after the ack")

	// A note and the resolve, by mention in the thread: no incident ID.
	note := e.SlackSend.Mention("U0OMAR", "C0SHARED", parent.TS, "note swapped the uplink")
	if note.Status != 200 {
		t.Fatalf("mention answered %d", note.Status)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		return e.CountDiscord(droom.ID, "📝 Omar (MSP) from Slack: swapped the uplink") == 1
	}, "the thread's note is not in the Discord room: %+v", e.Discord.Messages(droom.ID))
	e.SlackSend.Mention("U0NORA", "C0SHARED", parent.TS, "resolve uplink replaced")
	bottest.Eventually(t, 10*time.Second, func() bool {
		return strings.Contains(threadParentNow(e.Slack, "C0SHARED").Blocks, "RESOLVED")
	}, "the thread's card does not show the resolve")

	// Every entry once in each room; one message in the shared channel.
	events := e.Timeline(t, id)
	if len(eventsOf(events, incident.KindResolved)) != 1 || len(eventsOf(events, incident.KindDeliveryFailed)) != 0 {
		t.Fatalf("timeline: %s", eventKinds(events))
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, ev := range events {
			text := chat.DescribeEvent(ev)
			if e.CountDiscord(droom.ID, text) != 1 || countReplies(e.Slack, parent.TS, text) != 1 || countSlack(e.Slack, sroom.ID, text) != 1 {
				return false
			}
		}
		return true
	}, "an entry is missing or repeated in a room: %s", dumpMessages(e.Slack.Messages("C0SHARED")))
	if top := topLevel(e.Slack, "C0SHARED"); len(top) != 1 {
		t.Fatalf("%d top-level messages in the shared channel, want only the card: %s", len(top), dumpMessages(top))
	}
	for _, c := range e.Slack.Calls("conversations.invite") {
		if strings.Contains(c.Params["users"], "U0") {
			t.Fatalf("a Slack Connect guest was invited: %+v", c)
		}
	}
	// The answers to both mentions, and the review shared in the thread.
	var shared bool
	var noted, resolved int
	bottest.Eventually(t, 10*time.Second, func() bool {
		shared = false
		for _, c := range e.Slack.OKCalls("files.completeUploadExternal") {
			shared = shared || (c.Params["channel_id"] == "C0SHARED" && c.Params["thread_ts"] == parent.TS)
		}
		noted, resolved = countReplies(e.Slack, parent.TS, "note added to "+id), countReplies(e.Slack, parent.TS, id+" resolved by Nora")
		return shared && noted == 1 && resolved == 1
	}, "answers to the mentions or the review missing in the thread: %s",
		lazy(func() string {
			return fmt.Sprintf("review shared %v, note answered %d times, resolve %d times", shared, noted, resolved)
		}))
	t.Logf("timeline of %d entries, each once in the thread, the Slack room and the Discord room", len(events))
	var calls []string
	for _, m := range []string{"conversations.history", "conversations.replies", "chat.postMessage", "chat.update", "files.completeUploadExternal", "conversations.invite"} {
		n := 0
		for _, c := range e.Slack.OKCalls(m) {
			if c.Params["channel"] == "C0SHARED" || c.Params["channel_id"] == "C0SHARED" {
				n++
			}
		}
		calls = append(calls, fmt.Sprintf("%s %d", m, n))
	}
	t.Logf("Slack calls on the shared channel: %s", strings.Join(calls, ", "))
}

// A slash command in the shared channel cannot say which thread it was
// typed in (Slack sends no thread_ts): without an ID it says how to name
// the incident; with one it works.
func TestThreadRoomSlashCommand(t *testing.T) {
	e := startThreads(t)
	id := e.Alert(t, diskAlert)
	threadParent(t, e.Slack, "C0SHARED")
	r := e.SlackSend.Command("U0NORA", "C0SHARED", "note on my way")
	if a := waitAnswer(t, r); !a.Ephemeral() || !strings.Contains(a.Content(), "Slack does not tell Tandem which thread") {
		t.Fatalf("answer %+v", a)
	}
	r = e.SlackSend.Command("U0NORA", "C0SHARED", "note "+id+" on my way")
	if a := waitAnswer(t, r); !strings.Contains(a.Content(), "note added") {
		t.Fatalf("answer %+v", a)
	}
}

// threadParent waits for the first top-level message with blocks in
// channel (the card that starts an incident's thread).
func threadParent(t *testing.T, s *slacktest.Server, channel string) slacktest.Message {
	t.Helper()
	var m slacktest.Message
	bottest.Eventually(t, 10*time.Second, func() bool {
		m = threadParentNow(s, channel)
		return m.TS != ""
	}, "no card in %s", channel)
	return m
}

func threadParentNow(s *slacktest.Server, channel string) slacktest.Message {
	for _, m := range topLevel(s, channel) {
		if m.Blocks != "" {
			return m
		}
	}
	return slacktest.Message{}
}

func topLevel(s *slacktest.Server, channel string) []slacktest.Message {
	var out []slacktest.Message
	for _, m := range s.Messages(channel) {
		if m.ThreadTS == "" {
			out = append(out, m)
		}
	}
	return out
}

// countReplies counts the replies in thread ts of C0SHARED showing text.
func countReplies(s *slacktest.Server, ts, text string) int {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(text)
	n := 0
	for _, m := range s.Replies("C0SHARED", ts) {
		if m.ThreadTS == ts && (strings.Contains(m.Text, text) || strings.Contains(m.Text, esc)) {
			n++
		}
	}
	return n
}

func slackRoom(t *testing.T, s *slacktest.Server) slacktest.Channel {
	t.Helper()
	var room slacktest.Channel
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, ch := range s.Channels() {
			if strings.HasPrefix(ch.Name, "inc-") {
				room = ch
				return true
			}
		}
		return false
	}, "no Slack room")
	return room
}

func slackCreatedPrivate(s *slacktest.Server) bool {
	calls := s.OKCalls("conversations.create")
	return len(calls) == 1 && calls[0].Params["is_private"] == "true"
}

// lazy is text made when printed: a failure message of what was last seen.
type lazy func() string

func (l lazy) String() string { return l() }
