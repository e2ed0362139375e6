package slack_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/slack"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

var now = time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)

func client(t *testing.T, token string) (*slack.Client, *slacktest.Server) {
	t.Helper()
	fake := slacktest.New(t)
	c, err := slack.New(slack.Options{Token: token, APIURL: fake.APIURL(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return c, fake
}

func testIncident() incident.Incident {
	inc, _, _ := incident.Open("INC-7", incident.Spec{Title: "Disk full on db-01", Severity: incident.Sev2, Service: "database"},
		incident.Actor{Name: "Alice", Side: incident.Internal, Platform: "slack", User: "U01ALICE"}, now.Add(-5*time.Minute))
	return inc
}

func TestCreateRoom(t *testing.T) {
	ctx := context.Background()
	t.Run("OK/CreatesTopicAndInvitesDeclarer", func(t *testing.T) {
		c, fake := client(t, slacktest.BotToken)
		ch, name, err := c.CreateRoom(ctx, "inc-7-disk-full-on-db-01", testIncident())
		if err != nil || name != "inc-7-disk-full-on-db-01" {
			t.Fatalf("%s %s %v", ch, name, err)
		}
		got, _ := fake.Channel(ch)
		if !strings.Contains(got.Topic, "SEV2") || !strings.Contains(got.Topic, "OPEN") || !strings.Contains(got.Topic, "held by nobody") {
			t.Fatalf("topic %q", got.Topic)
		}
		if len(got.Members) != 2 || got.Members[1] != "U01ALICE" {
			t.Fatalf("members %v", got.Members)
		}
	})
	t.Run("OK/RetryReusesOwnChannel", func(t *testing.T) {
		c, fake := client(t, slacktest.BotToken)
		first, _, err := c.CreateRoom(ctx, "inc-7-disk", testIncident())
		if err != nil {
			t.Fatal(err)
		}
		again, name, err := c.CreateRoom(ctx, "inc-7-disk", testIncident()) // the outbox crashed before saving
		if err != nil || again != first || name != "inc-7-disk" {
			t.Fatalf("retry gave %s %s %v, want %s", again, name, err, first)
		}
		if n := len(fake.Channels()); n != 1 {
			t.Fatalf("%d channels", n)
		}
	})
	t.Run("OK/NameTakenBySomeoneElseGetsSuffix", func(t *testing.T) {
		c, fake := client(t, slacktest.BotToken)
		fake.AddForeignChannel("CFOREIGN", "inc-7-disk")
		fake.AddForeignChannel("CFOREIGN2", "inc-7-disk-2")
		ch, name, err := c.CreateRoom(ctx, "inc-7-disk", testIncident())
		if err != nil || name != "inc-7-disk-3" || ch == "CFOREIGN" {
			t.Fatalf("%s %s %v", ch, name, err)
		}
	})
	t.Run("ErrRateLimited", func(t *testing.T) {
		c, fake := client(t, slacktest.BotToken)
		fake.FailNext("conversations.create", 1, http.StatusTooManyRequests, 3*time.Second)
		_, _, err := c.CreateRoom(ctx, "inc-7-disk", testIncident())
		if chat.RetryDelay(err) != 3*time.Second || chat.IsPermanent(err) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrServerError", func(t *testing.T) {
		c, fake := client(t, slacktest.BotToken)
		fake.FailNext("conversations.create", 1, http.StatusBadGateway, 0)
		_, _, err := c.CreateRoom(ctx, "inc-7-disk", testIncident())
		if err == nil || chat.IsPermanent(err) || chat.RetryDelay(err) != 0 {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrInvalidAuth", func(t *testing.T) {
		c, _ := client(t, "xoxb-wrong")
		_, _, err := c.CreateRoom(ctx, "inc-7-disk", testIncident())
		var api *slack.APIError
		if !chat.IsPermanent(err) || !errors.As(err, &api) || api.Code != "invalid_auth" {
			t.Fatalf("got %v", err)
		}
	})
}

func TestDeliveryErrors(t *testing.T) {
	ctx := context.Background()
	for _, code := range []string{"channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "missing_scope"} {
		t.Run("Permanent/"+code, func(t *testing.T) {
			c, fake := client(t, slacktest.BotToken)
			fake.AddChannel("C1", "ops")
			fake.FailNextWith("chat.postMessage", 1, code)
			err := c.Post(ctx, "C1", chat.PostKey{}, "hello")
			if !chat.IsPermanent(err) || !strings.Contains(err.Error(), code) {
				t.Fatalf("got %v", err)
			}
		})
	}
	t.Run("Transient/internal_error", func(t *testing.T) {
		c, fake := client(t, slacktest.BotToken)
		fake.AddChannel("C1", "ops")
		fake.FailNextWith("chat.postMessage", 1, "internal_error")
		if err := c.Post(ctx, "C1", chat.PostKey{}, "hello"); err == nil || chat.IsPermanent(err) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("OK/InviteTwice", func(t *testing.T) {
		c, fake := client(t, slacktest.BotToken)
		fake.AddChannel("C1", "ops")
		for range 2 {
			if err := c.Invite(ctx, "C1", "U2"); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.Invite(ctx, "C1", slacktest.BotUser); err != nil {
			t.Fatal(err)
		}
	})
}

// The card keeps to Block Kit's limits whatever the incident holds, is
// edited in place, and loses its buttons once resolved.
func TestCard(t *testing.T) {
	ctx := context.Background()
	c, fake := client(t, slacktest.BotToken)
	fake.AddChannel("C1", "inc-7")
	inc := testIncident()
	inc.Title = strings.Repeat("Very long <!channel> title & more ", 10) // 340 characters
	for i := range 200 {
		inc.Links = append(inc.Links, incident.Link{Href: "https://grafana.example/d/" + strings.Repeat("x", 40) + "?i=" + string(rune('a'+i%26)), Text: "dashboard > disk"})
	}
	ts, err := c.PostCard(ctx, "C1", chat.PostKey{}, inc)
	if err != nil {
		t.Fatal(err)
	}
	msg := fake.Messages("C1")[0]
	if err := slacktest.ValidateBlocks(msg.Blocks); err != nil {
		t.Fatal(err)
	}
	var blocks []struct {
		Type string `json:"type"`
		Text struct {
			Type, Text string
		} `json:"text"`
	}
	json.Unmarshal([]byte(msg.Blocks), &blocks)
	if blocks[1].Text.Type != "mrkdwn" || !strings.Contains(blocks[1].Text.Text, "&lt;!channel&gt; title &amp; more") {
		t.Fatalf("title not escaped: %+v", blocks[1])
	}
	for _, id := range []string{slack.ActionAck, slack.ActionEscalate, slack.ActionResolve} {
		if !strings.Contains(msg.Blocks, `"action_id":"`+id+`","value":"INC-7"`) {
			t.Fatalf("no %s button: %s", id, msg.Blocks)
		}
	}
	if ch, _ := fake.Channel("C1"); len(ch.Pins) != 1 || ch.Pins[0] != ts {
		t.Fatalf("card not pinned: %v", ch.Pins)
	}
	inc, _, _ = inc.Resolve(incident.Actor{Name: "Bob", Side: incident.Internal}, "", now)
	if err := c.UpdateCard(ctx, "C1", ts, inc); err != nil {
		t.Fatal(err)
	}
	msg = fake.Messages("C1")[0]
	if msg.Edits != 1 || strings.Contains(msg.Blocks, "tandem_ack") || !strings.Contains(msg.Blocks, "RESOLVED") {
		t.Fatalf("resolved card %+v", msg)
	}
	if ch, _ := fake.Channel("C1"); !strings.Contains(ch.Topic, "RESOLVED") || len([]rune(ch.Topic)) > 250 {
		t.Fatalf("topic %q", ch.Topic)
	}
	topics := len(fake.OKCalls("conversations.setTopic"))
	if err := c.UpdateCard(ctx, "C1", ts, inc); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.OKCalls("conversations.setTopic")); n != topics {
		t.Fatalf("unchanged topic set again (%d → %d): Slack would announce it in the channel", topics, n)
	}
}

// A team post keeps the room link Tandem put there and escapes the rest.
func TestPostEscapes(t *testing.T) {
	c, fake := client(t, slacktest.BotToken)
	fake.AddChannel("C1", "ops")
	if err := c.Post(context.Background(), "C1", chat.PostKey{}, "🚨 INC-7 [sev2] <!here> disk & co: Alice is paged. Room: "+c.RoomLink("C0ROOM7")); err != nil {
		t.Fatal(err)
	}
	want := "🚨 INC-7 [sev2] &lt;!here&gt; disk &amp; co: Alice is paged. Room: <#C0ROOM7>"
	if got := fake.Messages("C1")[0].Text; got != want {
		t.Fatalf("posted %q\nwant   %q", got, want)
	}
}

// About one message a second per channel: a burst goes at once, the next
// waits its turn, and one that would wait too long goes back to the outbox
// to wait (chat.WaitFor: no attempt spent).
func TestChannelPace(t *testing.T) {
	fake := slacktest.New(t)
	fake.AddChannel("C1", "ops")
	fake.AddChannel("C2", "other")
	c, _ := slack.New(slack.Options{Token: slacktest.BotToken, APIURL: fake.APIURL(), PerChannel: 200 * time.Millisecond,
		Burst: 2, MaxWait: 250 * time.Millisecond})
	ctx := context.Background()
	start := time.Now()
	for i := range 3 {
		if err := c.Post(ctx, "C1", chat.PostKey{}, "m"); err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("third post after %v: the burst is two", d)
	}
	if err := c.Post(ctx, "C2", chat.PostKey{}, "m"); err != nil { // another channel has its own pace
		t.Fatal(err)
	}
	// Six workers at once: those whose turn is more than MaxWait away are
	// told when to come back instead of holding a worker.
	errs := make(chan error, 6)
	for range 6 {
		go func() { errs <- c.Post(ctx, "C1", chat.PostKey{}, "m") }()
	}
	posted, later := 0, 0
	for range 6 {
		switch err := <-errs; {
		case err == nil:
			posted++
		case chat.RetryDelay(err) > 0 && chat.IsWaiting(err): // a wait, not a failed attempt
			later++
		default:
			t.Fatalf("got %v", err)
		}
	}
	if posted == 0 || later == 0 {
		t.Fatalf("%d posted, %d told to retry later", posted, later)
	}
}

// A long post (a weekly report) goes as one message of sections, within
// Block Kit's limits, rather than cut.
func TestLongPost(t *testing.T) {
	c, fake := client(t, slacktest.BotToken)
	fake.AddChannel("C1", "mgrs")
	var b strings.Builder
	for i := range 300 {
		b.WriteString("line " + strings.Repeat("x", 40) + " " + string(rune('a'+i%26)) + "\n")
	}
	if err := c.Post(context.Background(), "C1", chat.PostKey{}, b.String()); err != nil {
		t.Fatal(err)
	}
	msgs := fake.Messages("C1")
	if len(msgs) != 1 || msgs[0].Blocks == "" || strings.Count(msgs[0].Blocks, "line ") != 300 {
		t.Fatalf("%d messages, blocks %d characters", len(msgs), len(msgs[0].Blocks))
	}
	if err := slacktest.ValidateBlocks(msgs[0].Blocks); err != nil {
		t.Fatal(err)
	}
}

// A declarer who cannot be invited (Slack says so for good) does not cost
// the incident its room.
func TestCreateRoomInviteRefused(t *testing.T) {
	c, fake := client(t, slacktest.BotToken)
	fake.FailNextWith("conversations.invite", 1, "user_is_restricted")
	ch, _, err := c.CreateRoom(context.Background(), "inc-7-disk", testIncident())
	if err != nil || ch == "" {
		t.Fatalf("%q %v", ch, err)
	}
}
