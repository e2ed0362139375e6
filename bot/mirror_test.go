package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// One incident, two chats: Acme's IT in its Slack room, the MSP in its
// Discord channel, one timeline. An after-hours alert opens a room on each
// (Slack for the service's owner, Discord for the desk the ladder pages),
// once each; Nora acknowledges from Discord and both cards say so; Alice's
// note from Slack shows in the Discord channel; every entry is in each
// room exactly once.
func TestMirroredIncident(t *testing.T) {
	e := startChats(t, chatsSetup{slack: true, at: night})
	id := e.Alert(t, diskAlert)

	droom := e.DiscordRoom(t)
	var sroom slacktest.Channel
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, ch := range e.Slack.Channels() {
			if strings.HasPrefix(ch.Name, "inc-1-") {
				sroom = ch
				return true
			}
		}
		return false
	}, "no Slack room")
	dcard := e.DiscordCard(t, droom.ID)
	var scard slacktest.Message
	bottest.Eventually(t, 10*time.Second, func() bool {
		msgs := e.Slack.Messages(sroom.ID)
		if len(msgs) > 0 && msgs[0].Blocks != "" {
			scard = msgs[0]
			return true
		}
		return false
	}, "no Slack card")

	// Nora (MSP) acknowledges on the Discord card.
	ack, err := e.DiscordSend.Button(nora, droom.ID, dcard.ID, "tandem:ack:"+id)
	if err != nil || !strings.Contains(ack.Content, "acknowledged by Nora (MSP) from Discord") {
		t.Fatalf("ack: %+v %v", ack, err)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		d := e.DiscordMessage(droom.ID, dcard.ID)
		s := e.Slack.Messages(sroom.ID)[0]
		return d.Edits >= 1 && strings.Contains(d.Embeds[0].Description, "ACKED") &&
			s.TS == scard.TS && s.Edits >= 1 && strings.Contains(s.Blocks, "ACKED") && strings.Contains(s.Blocks, "Nora (MSP)")
	}, "both cards edited after the ack")
	acked := eventsOf(e.Timeline(t, id), incident.KindAcked)
	if len(acked) != 1 || acked[0].Actor.Side != incident.MSP || acked[0].Actor.Platform != "discord" {
		t.Fatalf("acked entries %+v", acked)
	}

	// Alice (internal) adds a note from Slack, in her room.
	note := e.SlackSend.Command("U01ALICE", sroom.ID, "note restarting the replica")
	bottest.Eventually(t, 10*time.Second, func() bool { return len(note.Answers()) > 0 }, "no answer to the note")
	bottest.Eventually(t, 10*time.Second, func() bool {
		return e.CountDiscord(droom.ID, "📝 Alice (internal) from Slack: restarting the replica") == 1
	}, "Slack note not in the Discord channel: %+v", e.Discord.Messages(droom.ID))

	// Every timeline entry, once in each room.
	events := e.Timeline(t, id)
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, ev := range events {
			text := chat.DescribeEvent(ev)
			if e.CountDiscord(droom.ID, text) != 1 || countSlack(e.Slack, sroom.ID, text) != 1 {
				return false
			}
		}
		return true
	}, "an entry is missing or repeated in a room")
	if n, m := len(e.Slack.OKCalls("conversations.create")), len(e.Discord.Calls(discordtest.RouteCreateChannel)); n != 1 || m != 1 {
		t.Fatalf("rooms created: Slack %d, Discord %d", n, m)
	}
	t.Logf("timeline of %d entries, each once in the Slack room and once in the Discord channel", len(events))
}

// countSlack counts the channel's messages whose text shows text (Slack
// escapes &, < and >).
func countSlack(s *slacktest.Server, channel, text string) int {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(text)
	n := 0
	for _, m := range s.Messages(channel) {
		if strings.Contains(m.Text, esc) || strings.Contains(m.Blocks, esc) {
			n++
		}
	}
	return n
}
