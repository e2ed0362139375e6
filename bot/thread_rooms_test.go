package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// threadsYAML: Acme's IT on Slack (channel rooms) and Discord; its MSP's
// desk in its own Slack workspace, reaching Acme through the Slack Connect
// channel C0SHARED, so it takes part in incidents in threads there.
const threadsYAML = `
timezone: America/Chicago
redis: {url: "REDIS", prefix: "PREFIX"}
calendars:
  office:
    business_hours:
      - {days: [mon, tue, wed, thu, fri], start: "08:00", end: "18:00"}
teams:
  acme-it:
    side: internal
    members:
      - {name: Alice, slack: U01ALICE, discord: "111"}
      - {name: Bob, slack: U01BOB, discord: "222"}
    rotation: {members: [Alice, Bob], handoff: "mon 09:00", every: 168h}
    slack_channel: C01OPS
    discord_channel: "2222"
  noc:
    side: msp
    scope: [database, network]
    members:
      - {name: Nora, slack: U0NORA}
      - {name: Omar, slack: U0OMAR}
    rotation: {members: [Nora, Omar], handoff: "mon 09:00", every: 168h}
    slack_channel: C0SHARED
    slack_rooms: thread
services:
  - {name: database, owner: acme-it, ladder: standard, severity: sev2}
ladders:
  standard:
    calendar: office
    steps:
      - {notify: [acme-it], when: business_hours, wait: 10m}
      - {notify: [noc], when: after_hours, wait: 10m}
      - {notify: [noc, acme-it], wait: 10m}
sources:
  generic: {token_env: TOKEN}
api: {token_env: API_TOKEN}
discord: {bot_token_env: DISCORD_TOKEN, public_key: "PUBKEY", application_id: "APP", guild_id: "GUILD", category_id: "CATEGORY", api_url: "DISCORD_URL"}
slack: {bot_token_env: SLACK_BOT_TOKEN, signing_secret_env: SLACK_SIGNING_SECRET, api_url: "SLACK_URL"}
`

func startThreads(t *testing.T) *chatsEnv {
	t.Helper()
	e := &chatsEnv{discord: discordtest.Start(t, discordToken), slack: slacktest.New(t)}
	e.discord.AddChannel(discordCategory, "incidents", discordtest.TypeCategory)
	e.discord.AddChannel(nocChannel, "acme-ops", discordtest.TypeText)
	e.slack.AddChannel("C01OPS", "acme-it")
	e.slack.AddSharedChannel("C0SHARED", "acme-msp", "T0MSP", "U0NORA", "U0OMAR")
	e.sender = discordtest.NewSender("", discordApp, discordGuild)
	yaml := strings.NewReplacer("REDIS", redistest.URL(t), "PREFIX", redistest.Prefix(t), "PUBKEY", e.sender.PublicKey(),
		"APP", discordApp, "GUILD", discordGuild, "CATEGORY", discordCategory, "DISCORD_URL", e.discord.APIURL(),
		"SLACK_URL", e.slack.APIURL()).Replace(threadsYAML)
	env := map[string]string{"TOKEN": "s3cret", "API_TOKEN": "api-token", "DISCORD_TOKEN": discordToken,
		"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_SIGNING_SECRET": mirrorSecret}
	opt := bot.Options{Now: runningClock(night)}
	e.b = bottest.Start(t, bottest.Config(t, yaml, env), opt)
	e.sender.URL = e.b.URL + "/discord/interactions"
	e.slackTo = &slacktest.Sender{Server: e.slack, BotURL: e.b.URL, Secret: mirrorSecret, Now: opt.Now}
	return e
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
	id := e.alert(t)

	parent := threadParent(t, e.slack, "C0SHARED")
	if !strings.Contains(parent.Blocks, "tandem_ack") || !strings.Contains(parent.Blocks, id) {
		t.Fatalf("thread parent is not the card: %+v", parent)
	}
	droom := e.discordRoom(t)
	sroom := slackRoom(t, e.slack)
	if !sroom.Private || !slackCreatedPrivate(e.slack) {
		t.Fatalf("the Slack room is not private: %+v", sroom)
	}
	// Nobody of Acme is paged yet at night: the Slack and Discord rooms are
	// the bot's alone.
	if droom.Visible("111") || !droom.Visible(discordtest.BotUserID) || len(sroom.Members) != 1 {
		t.Fatalf("rooms not private: Discord %+v, Slack members %v", droom.Overwrites, sroom.Members)
	}

	// The desk's on-call (Omar this week) is told in the thread, by mention.
	bottest.Eventually(t, 10*time.Second, func() bool {
		return countReplies(e.slack, parent.TS, "<@U0OMAR>") == 1 && countReplies(e.slack, parent.TS, "is paged (step 2)") == 1
	}, "on-call not mentioned in the thread: %s", dumpMessages(e.slack.Messages("C0SHARED")))

	// Nora acknowledges with the card's button, in the thread.
	ack := e.slackTo.ClickOn("U0NORA", "C0SHARED", parent.TS, parent.TS, "tandem_ack", id)
	if a := waitAnswer(t, ack); !strings.Contains(a.Content(), "acknowledged by Nora") {
		t.Fatalf("ack answered %+v", a)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		p := threadParentNow(e.slack, "C0SHARED")
		return p.TS == parent.TS && p.Edits >= 1 && strings.Contains(p.Blocks, "ACKED") &&
			strings.Contains(e.discordMessage(droom.ID, e.discordCard(t, droom.ID).ID).Embeds[0].Description, "ACKED")
	}, "the thread's card and the Discord card not edited after the ack")

	// A note and the resolve, by mention in the thread: no incident ID.
	note := e.slackTo.Mention("U0OMAR", "C0SHARED", parent.TS, "note swapped the uplink")
	if note.Status != 200 {
		t.Fatalf("mention answered %d", note.Status)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		return e.countDiscord(droom.ID, "📝 Omar (MSP) from Slack: swapped the uplink") == 1
	}, "the thread's note is not in the Discord room: %+v", e.discord.Messages(droom.ID))
	e.slackTo.Mention("U0NORA", "C0SHARED", parent.TS, "resolve uplink replaced")
	bottest.Eventually(t, 10*time.Second, func() bool {
		return strings.Contains(threadParentNow(e.slack, "C0SHARED").Blocks, "RESOLVED")
	}, "the thread's card does not show the resolve")

	// Every entry once in each room; one message in the shared channel.
	events := e.timeline(t, id)
	if len(eventsOf(events, incident.KindResolved)) != 1 || len(eventsOf(events, incident.KindDeliveryFailed)) != 0 {
		t.Fatalf("timeline: %s", eventKinds(events))
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, ev := range events {
			text := chat.DescribeEvent(ev)
			if e.countDiscord(droom.ID, text) != 1 || countReplies(e.slack, parent.TS, text) != 1 || countSlack(e.slack, sroom.ID, text) != 1 {
				return false
			}
		}
		return true
	}, "an entry is missing or repeated in a room: %s", dumpMessages(e.slack.Messages("C0SHARED")))
	if top := topLevel(e.slack, "C0SHARED"); len(top) != 1 {
		t.Fatalf("%d top-level messages in the shared channel, want only the card: %s", len(top), dumpMessages(top))
	}
	for _, c := range e.slack.Calls("conversations.invite") {
		if strings.Contains(c.Params["users"], "U0") {
			t.Fatalf("a Slack Connect guest was invited: %+v", c)
		}
	}
	// The answers to both mentions, and the review shared in the thread.
	bottest.Eventually(t, 10*time.Second, func() bool {
		shared := false
		for _, c := range e.slack.OKCalls("files.completeUploadExternal") {
			shared = shared || (c.Params["channel_id"] == "C0SHARED" && c.Params["thread_ts"] == parent.TS)
		}
		return shared && countReplies(e.slack, parent.TS, "note added to "+id) == 1 && countReplies(e.slack, parent.TS, id+" resolved by Nora") == 1
	}, "no answers to the mentions or no review in the thread")
	t.Logf("timeline of %d entries, each once in the thread, the Slack room and the Discord room", len(events))
	var calls []string
	for _, m := range []string{"conversations.history", "conversations.replies", "chat.postMessage", "chat.update", "files.completeUploadExternal", "conversations.invite"} {
		n := 0
		for _, c := range e.slack.OKCalls(m) {
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
	id := e.alert(t)
	threadParent(t, e.slack, "C0SHARED")
	r := e.slackTo.Command("U0NORA", "C0SHARED", "note on my way")
	if a := waitAnswer(t, r); !a.Ephemeral() || !strings.Contains(a.Content(), "Slack does not tell Tandem which thread") {
		t.Fatalf("answer %+v", a)
	}
	r = e.slackTo.Command("U0NORA", "C0SHARED", "note "+id+" on my way")
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
