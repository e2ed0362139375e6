package bot_test

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
)

// A signed interaction captured and sent again (within the signature's
// window) is served once: its ID is claimed like a Slack retry. An
// interaction from another server the application is installed in is
// refused there.
func TestDiscordInteractionsReplayAndOtherGuild(t *testing.T) {
	e := startChats(t, chatsSetup{at: night})
	id := e.Alert(t, diskAlert)
	r, err := e.DiscordSend.Command(nora, nocChannel, "note", discordtest.String("id", id), discordtest.String("text", "looking at it"))
	if err != nil || strings.Contains(r.Content, "already handled") {
		t.Fatalf("note: %v %+v", err, r)
	}
	captured := e.DiscordSend.Last()
	replay, err := e.DiscordSend.Post(captured.Body, captured.Header)
	if err != nil || replay.Flags&discordtest.FlagEphemeral == 0 || !strings.Contains(replay.Content, "already handled") {
		t.Fatalf("replay answered %v %+v", err, replay)
	}
	notes := 0
	for _, ev := range e.Timeline(t, id) {
		if ev.Kind == incident.KindNote {
			notes++
		}
	}
	if notes != 1 {
		t.Fatalf("%d notes after a replay, want 1", notes)
	}

	e.DiscordSend.GuildID = "900000000000000099" // the same application, another server
	other, err := e.DiscordSend.Command(nora, nocChannel, "ack", discordtest.String("id", id))
	if err != nil || other.Flags&discordtest.FlagEphemeral == 0 || !strings.Contains(other.Content, "not it") {
		t.Fatalf("another server answered %v %+v", err, other)
	}
	if inc := incidentJSON(t, e.Bot, id); inc["status"] != "open" {
		t.Fatalf("an ack from another server applied: %v", inc["status"])
	}
}
