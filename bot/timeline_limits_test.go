package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// A 300-entry timeline answers /incident timeline on Slack and on Discord
// within each platform's limits, through their real wire formats (the fake
// servers validate them), and loses no entry on either.
func TestTimelineOf300EntriesOnSlackAndDiscord(t *testing.T) {
	e := startChats(t, chatsSetup{slack: true})
	id := e.Alert(t, diskAlert)
	ctx := context.Background()
	bottest.Eventually(t, 10*time.Second, func() bool { return len(e.Timeline(t, id)) >= 3 }, "incident stored")
	// The notes go straight to the store (no room posts): this test is
	// about the answer, not 300 posts through rate limits.
	st := e.Bot.Store()
	alice := incident.Actor{Name: "Alice", Side: incident.Internal, Platform: "slack", User: "U01ALICE"}
	var notes []string
	for n := len(e.Timeline(t, id)); n < 300; n++ {
		cur, err := st.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		note := fmt.Sprintf("note %03d: checked replication lag and the disk queue again", n)
		notes = append(notes, note)
		next, evs, _ := cur.Note(alice, note, time.Now())
		if _, err := st.Commit(ctx, incident.Change{Before: cur.Version, Incident: next, Events: evs}); errors.Is(err, incident.ErrStale) {
			notes, n = notes[:len(notes)-1], n-1 // the bot changed it meanwhile: again
		} else if err != nil {
			t.Fatal(err)
		}
	}
	// Room creation on the second platform may add an entry or two meanwhile.
	if n := len(e.Timeline(t, id)); n < 300 || n > 305 {
		t.Fatalf("%d entries", n)
	}

	// Slack: sections of ≤3,000 characters, ≤50 blocks per message, valid Block Kit.
	r := e.SlackSend.Command("U01ALICE", "C01OPS", "timeline "+id)
	waitAnswer(t, r)
	var slackText strings.Builder
	sections := 0
	bottest.Eventually(t, 10*time.Second, func() bool { return strings.Contains(joinAnswers(r.Answers()), "🔒 chain head") }, "whole Slack answer")
	for i, a := range r.Answers() {
		if err := slacktest.ValidateBlocks(string(a.Blocks)); err != nil {
			t.Fatalf("Slack answer %d: %v", i, err)
		}
		var blocks []struct {
			Text struct{ Text string } `json:"text"`
		}
		json.Unmarshal(a.Blocks, &blocks)
		if len(blocks) > 50 {
			t.Fatalf("Slack answer %d has %d blocks", i, len(blocks))
		}
		for _, b := range blocks {
			if n := utf8.RuneCountInString(b.Text.Text); n > 3000 {
				t.Fatalf("Slack section of %d characters", n)
			}
			sections++
		}
		slackText.WriteString(a.Content() + "\n")
	}

	// Discord: the answer and its follow-ups, each ≤2,000 characters.
	reply, err := e.DiscordSend.Command(nora, nocChannel, "timeline", discordtest.String("id", id))
	if err != nil || reply.Status != 200 {
		t.Fatalf("Discord: %v %+v", err, reply)
	}
	discordText := func() string {
		parts := []string{reply.Content}
		for _, m := range e.Discord.FollowUps(reply.Token) {
			parts = append(parts, m.Content)
		}
		return strings.Join(parts, "\n")
	}
	bottest.Eventually(t, 20*time.Second, func() bool { return strings.Contains(discordText(), "🔒 chain head") }, "whole Discord answer")
	messages := append([]string{reply.Content}, contents(e.Discord.FollowUps(reply.Token))...)
	for i, m := range messages {
		if n := utf8.RuneCountInString(m); n > 2000 {
			t.Fatalf("Discord message %d has %d characters", i, n)
		}
	}
	for _, note := range notes {
		if c := strings.Count(slackText.String(), note); c != 1 {
			t.Fatalf("Slack shows %q %d times", note, c)
		}
		if c := strings.Count(discordText(), note); c != 1 {
			t.Fatalf("Discord shows %q %d times", note, c)
		}
	}
	t.Logf("%d entries: Slack %d answer(s), %d sections; Discord %d messages", len(e.Timeline(t, id)), len(r.Answers()), sections, len(messages))
}

func joinAnswers(as []slacktest.Answer) string {
	var b strings.Builder
	for _, a := range as {
		b.WriteString(a.Content())
	}
	return b.String()
}

func contents(ms []discordtest.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Content
	}
	return out
}
