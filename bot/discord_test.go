package bot_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
)

// The MSP's path on Discord: an after-hours alert → a channel under the
// category with the card → the desk's channel links it → Nora acknowledges
// on the card → the card and the timeline say so, with side and platform.
func TestDiscordAlertAckResolve(t *testing.T) {
	e := startChats(t, chatsSetup{at: night})
	id := e.Alert(t, diskAlert)
	room := e.DiscordRoom(t)
	if room.Name != "inc-1-disk-full-on-db-01" || room.ParentID != discordCategory || !strings.Contains(room.Topic, "INC-1 [sev2]") {
		t.Fatalf("room %+v", room)
	}
	card := e.DiscordCard(t, room.ID)
	want := []string{"tandem:ack:" + id, "tandem:escalate:" + id, "tandem:resolve:" + id}
	if !slices.Equal(card.CustomIDs(), want) || !strings.Contains(card.Embeds[0].Description, "OPEN") {
		t.Fatalf("card %+v", card)
	}

	// After hours the desk is paged: its channel links the room, and the
	// on-call gets in and is mentioned.
	bottest.Eventually(t, 10*time.Second, func() bool {
		return e.CountDiscord(nocChannel, "is paged (step 2). Room: <#"+room.ID+">") == 1
	}, "desk channel link: %+v", e.Discord.Messages(nocChannel))
	bottest.Eventually(t, 10*time.Second, func() bool {
		ch, _ := e.Discord.Channel(room.ID)
		// rooms.private (the default): hidden from @everyone (Nora of the
		// desk too, who was not paged), shown to the bot and, once paged,
		// to the on-call.
		return len(ch.Overwrites) == 3 && ch.Visible(omar.ID) && ch.Visible(discordtest.BotUserID) && !ch.Visible(nora.ID) &&
			e.CountDiscord(room.ID, "you are on this incident") == 1
	}, "on-call not invited: %+v", func() any { ch, _ := e.Discord.Channel(room.ID); return ch.Overwrites }())

	// Acknowledge on the card.
	start := time.Now()
	ack, err := e.DiscordSend.Button(nora, room.ID, card.ID, "tandem:ack:"+id)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("button click answered in %s (Discord allows 3 s)", time.Since(start).Round(time.Millisecond))
	if ack.Status != 200 || ack.Type != discordtest.AnswerMessage || !ack.Ephemeral() ||
		ack.Content != "✅ INC-1 acknowledged by Nora (MSP) from Discord" {
		t.Fatalf("click answered %+v", ack)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		c := e.DiscordMessage(room.ID, card.ID)
		return c.Edits >= 1 && strings.Contains(c.Embeds[0].Description, "ACKED") && strings.Contains(c.Embeds[0].Description, "Nora (MSP)")
	}, "card not edited after the ack")
	if n := len(e.Discord.Messages(room.ID)); n < 2 {
		t.Fatalf("the card must be edited in place, not reposted (%d messages)", n)
	}
	acked := eventsOf(e.Timeline(t, id), incident.KindAcked)
	if len(acked) != 1 || acked[0].Actor.Side != incident.MSP || acked[0].Actor.Platform != "discord" || acked[0].Actor.User != "333" {
		t.Fatalf("acked entries %+v", acked)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		return e.CountDiscord(room.ID, "✅ acknowledged by Nora (MSP) from Discord") == 1
	}, "ack entry in the room")

	// A note typed in the room needs no ID; resolve clears the buttons.
	note, _ := e.DiscordSend.Command(omar, room.ID, "note", discordtest.String("text", "disk cleaned, watching"))
	if note.Ephemeral() || !strings.Contains(note.Content, "note added to INC-1") {
		t.Fatalf("note answered %+v", note)
	}
	res, _ := e.DiscordSend.Command(nora, room.ID, "resolve", discordtest.String("note", "logs rotated"))
	if !strings.Contains(res.Content, "resolved by Nora (MSP) from Discord") {
		t.Fatalf("resolve answered %+v", res)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		c := e.DiscordMessage(room.ID, card.ID)
		return strings.Contains(c.Embeds[0].Description, "RESOLVED") && len(c.Components) == 0
	}, "card not resolved, or still has buttons")
	bottest.Eventually(t, 10*time.Second, func() bool {
		return e.CountDiscord(room.ID, "📝 Omar (MSP) from Discord: disk cleaned, watching") == 1
	}, "note in the room")
	if n := len(e.Discord.Calls(discordtest.RouteCreateChannel)); n != 1 {
		t.Fatalf("channel created %d times", n)
	}
}

// Discord's endpoint check: PING → PONG, bad or missing signatures → 401
// with a body, and a stranger is told so privately.
func TestDiscordInteractionsEndpoint(t *testing.T) {
	e := startChats(t, chatsSetup{at: night})
	pong, err := e.DiscordSend.Ping()
	if err != nil || pong.Status != 200 || strings.TrimSpace(pong.Body) != `{"type":1}` {
		t.Fatalf("PING: %+v %v", pong, err)
	}
	for name, header := range map[string]map[string]string{
		"Missing": nil,
		"Bad":     {"X-Signature-Ed25519": strings.Repeat("ab", 64), "X-Signature-Timestamp": "1700000000"},
	} {
		r, _ := e.DiscordSend.Post([]byte(`{"type":1}`), header)
		if r.Status != 401 || strings.TrimSpace(r.Body) == "" {
			t.Fatalf("%s signature: %d %q", name, r.Status, r.Body)
		}
	}
	r, _ := e.DiscordSend.Command(discordtest.User{ID: "999", Username: "mallory"}, "1", "ack", discordtest.String("id", "INC-1"))
	if !r.Ephemeral() || !strings.Contains(r.Content, "Tandem does not know you (discord user 999)") {
		t.Fatalf("stranger answered %+v", r)
	}
}

// A 429 on channel creation with retry_after 1.5: the room is created once,
// after the wait, through the outbox.
func TestDiscordRoomCreateRetryAfter(t *testing.T) {
	e := startChats(t, chatsSetup{before: func(f *discordtest.Server) {
		f.RateLimit(discordtest.RouteCreateChannel, 1, 1.5)
	}})
	e.Alert(t, diskAlert)
	room := e.DiscordRoom(t)
	calls := e.Discord.Calls(discordtest.RouteCreateChannel)
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 201 {
		t.Fatalf("channel calls %+v", calls)
	}
	waited := calls[1].At.Sub(calls[0].At)
	t.Logf("429 retry_after 1.5 s: created after %s", waited.Round(time.Millisecond))
	if waited < 1500*time.Millisecond {
		t.Fatalf("retried after %s, before the 1.5 s Discord asked", waited)
	}
	if chs := e.Discord.Channels(); len(chs) != 1 || chs[0].ID != room.ID {
		t.Fatalf("channels %+v", chs)
	}
	e.DiscordCard(t, room.ID)
}

// Without a public key Tandem cannot tell Discord's requests from anyone's:
// the endpoint is not mounted, and rooms still work.
func TestDiscordWithoutPublicKey(t *testing.T) {
	e := startChats(t, chatsSetup{at: night, noPublicKey: true})
	if code, _ := bottest.Do(t, "POST", e.URL+"/discord/interactions", `{"type":1}`, nil); code != 404 {
		t.Fatalf("interactions endpoint answered %d, want 404 (not mounted)", code)
	}
	if !strings.Contains(e.Bot.Logs.String(), "discord.public_key is not set") {
		t.Fatal("no warning at start")
	}
	e.Alert(t, diskAlert)
	e.DiscordCard(t, e.DiscordRoom(t).ID)
}
