package slack_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/slack"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

func privateClient(t *testing.T) (*slack.Client, *slacktest.Server) {
	t.Helper()
	fake := slacktest.New(t)
	c, err := slack.New(slack.Options{Token: slacktest.BotToken, APIURL: fake.APIURL(), Now: func() time.Time { return now }, Private: true})
	if err != nil {
		t.Fatal(err)
	}
	return c, fake
}

// rooms.private: the room is a private channel with only the bot and the
// declarer in it; an attempt after a crash finds it among the private
// channels (conversations.list types=private_channel) and reuses it.
func TestPrivateRoom(t *testing.T) {
	ctx := context.Background()
	c, fake := privateClient(t)
	ch, _, err := c.CreateRoom(ctx, "inc-7-disk", testIncident())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := fake.Channel(ch)
	if !got.Private || strings.Join(got.Members, ",") != slacktest.BotUser+",U01ALICE" {
		t.Fatalf("room %+v", got)
	}
	if p := fake.OKCalls("conversations.create")[0].Params; p["is_private"] != "true" {
		t.Fatalf("conversations.create %v", p)
	}
	again, name, err := c.CreateRoom(ctx, "inc-7-disk", testIncident())
	if err != nil || again != ch || name != "inc-7-disk" {
		t.Fatalf("retry gave %s %s %v, want %s", again, name, err, ch)
	}
	if p := fake.Calls("conversations.list")[0].Params; p["types"] != "private_channel" {
		t.Fatalf("conversations.list %v", p)
	}

	// A public client does not see the private room: the name is taken.
	pub, err := slack.New(slack.Options{Token: slacktest.BotToken, APIURL: fake.APIURL(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	other, name, err := pub.CreateRoom(ctx, "inc-7-disk", testIncident())
	if err != nil || other == ch || name != "inc-7-disk-2" {
		t.Fatalf("public client: %s %s %v", other, name, err)
	}
}

// A Slack Connect guest cannot be invited into a channel: the error says
// so and what to do, and is not retried.
func TestInviteGuestRefused(t *testing.T) {
	c, fake := client(t, slacktest.BotToken)
	fake.AddSharedChannel("C0SHARED", "acme-msp", "T0MSP", "U0NORA")
	ch, _, err := c.CreateRoom(context.Background(), "inc-7-disk", testIncident())
	if err != nil {
		t.Fatal(err)
	}
	err = c.Invite(context.Background(), ch, "U0NORA")
	if !chat.IsPermanent(err) || !strings.Contains(err.Error(), "cant_invite") || !strings.Contains(err.Error(), "slack_rooms: thread") {
		t.Fatalf("invite of a guest: %v", err)
	}
}

// A thread room: the card starts the thread in the team's channel and is
// edited in place; entries, posts and mentions are replies; every post
// that may repeat an earlier attempt finds it by its key, in the channel
// (the card) or in the thread (conversations.replies).
func TestThreadRoom(t *testing.T) {
	ctx := context.Background()
	c, fake := client(t, slacktest.BotToken)
	fake.AddSharedChannel("C0SHARED", "acme-msp", "T0MSP", "U0NORA")
	tr := c.ThreadRoom("noc", "C0SHARED")
	if tr.Platform() != "slack#thread:noc" {
		t.Fatalf("platform %q", tr.Platform())
	}
	inc := testIncident()
	room, _, err := tr.CreateRoom(ctx, "inc-7-disk", inc)
	if err != nil {
		t.Fatal(err)
	}
	again, _, err := tr.CreateRoom(ctx, "inc-7-disk", inc) // the outbox died before saving the room
	if err != nil || again != room {
		t.Fatalf("retried thread start: %q %v, want %q", again, err, room)
	}
	ts, found := strings.CutPrefix(room, "C0SHARED/")
	if msgs := fake.Messages("C0SHARED"); !found || len(msgs) != 1 || msgs[0].TS != ts || !strings.Contains(msgs[0].Blocks, "tandem_ack") {
		t.Fatalf("room %q, channel %+v", room, msgs)
	}

	card, err := tr.PostCard(ctx, room, chat.PostKey{ID: "dep/INC-7/card/slack#thread:noc"}, inc)
	if err != nil || card != ts {
		t.Fatalf("card %q %v, want the parent %q", card, err, ts)
	}
	acked, _, _ := inc.Ack(incident.Actor{Name: "Nora", Side: incident.MSP, Platform: "slack", User: "U0NORA"}, now)
	if err := tr.UpdateCard(ctx, room, card, acked); err != nil {
		t.Fatal(err)
	}
	if p := fake.Messages("C0SHARED")[0]; p.Edits != 2 || !strings.Contains(p.Blocks, "ACKED") {
		t.Fatalf("parent after edits: %+v", p)
	}

	ev := incident.NewEvent(now, incident.KindNote, incident.Actor{Name: "Nora", Side: incident.MSP, Platform: "slack"}, "text", "on it")
	key := chat.PostKey{ID: "dep/INC-7/tl/slack#thread:noc/1-0"}
	for i := range 2 {
		key.Retry = i > 0
		if err := tr.PostEvent(ctx, room, key, ev); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if err := tr.Invite(ctx, room, "U0NORA"); err != nil {
			t.Fatal(err)
		}
	}
	if err := tr.Post(ctx, room, chat.PostKey{ID: "dep/INC-7/post/page"}, "🚨 Nora (noc) is paged"); err != nil {
		t.Fatal(err)
	}
	replies := fake.Replies("C0SHARED", ts)[1:]
	if len(replies) != 3 || !strings.Contains(replies[0].Text, "on it") || !strings.Contains(replies[1].Text, "<@U0NORA>") ||
		!strings.Contains(replies[2].Text, "is paged") {
		t.Fatalf("replies %+v", replies)
	}
	if n := len(fake.OKCalls("conversations.replies")); n != 3 {
		t.Fatalf("%d replies lookups, want 3 (the retried entry, each mention)", n)
	}
	if n := len(fake.Calls("conversations.invite")); n != 0 {
		t.Fatalf("%d invites into a thread room", n)
	}
	if _, _, err := tr.CreateRoom(ctx, "x", inc); err != nil {
		t.Fatal(err)
	}
	if err := tr.PostEvent(ctx, "C0SHARED", key, ev); !chat.IsPermanent(err) {
		t.Fatalf("a room ID without thread: %v", err)
	}
}

// Slack did the work but its answer was lost: the retry of the thread's
// start and of a reply finds them by key and posts nothing twice.
func TestThreadRoomLostAnswers(t *testing.T) {
	ctx := context.Background()
	c, fake := client(t, slacktest.BotToken)
	fake.AddSharedChannel("C0SHARED", "acme-msp", "T0MSP", "U0NORA")
	tr := c.ThreadRoom("noc", "C0SHARED")
	fake.LoseNextAnswer("chat.postMessage", 1)
	if _, _, err := tr.CreateRoom(ctx, "inc-7", testIncident()); err == nil || chat.IsPermanent(err) {
		t.Fatalf("a lost answer must be retried: %v", err)
	}
	room, _, err := tr.CreateRoom(ctx, "inc-7", testIncident())
	if err != nil {
		t.Fatal(err)
	}
	ev := incident.NewEvent(now, incident.KindNote, incident.Tandem, "text", "x")
	key := chat.PostKey{ID: "dep/INC-7/tl/slack#thread:noc/1-0"}
	fake.LoseNextAnswer("chat.postMessage", 1)
	if err := tr.PostEvent(ctx, room, key, ev); err == nil {
		t.Fatal("a lost answer reported as success")
	}
	key.Retry = true
	if err := tr.PostEvent(ctx, room, key, ev); err != nil {
		t.Fatal(err)
	}
	if msgs := fake.Messages("C0SHARED"); len(msgs) != 2 || msgs[1].ThreadTS != msgs[0].TS {
		t.Fatalf("want the card and one reply, got %+v", msgs)
	}
}

// The review goes into the thread: its sharing message is a reply.
func TestThreadRoomFile(t *testing.T) {
	ctx := context.Background()
	c, fake := client(t, slacktest.BotToken)
	fake.AddSharedChannel("C0SHARED", "acme-msp", "T0MSP")
	tr := c.ThreadRoom("noc", "C0SHARED")
	room, _, err := tr.CreateRoom(ctx, "inc-7", testIncident())
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.UploadFile(ctx, room, "INC-7-review.md", []byte("# INC-7\n"), "📄 review of INC-7"); err != nil {
		t.Fatal(err)
	}
	msgs := fake.Messages("C0SHARED")
	if files := fake.Files("C0SHARED"); len(files) != 1 || string(files[0].Data) != "# INC-7\n" ||
		len(msgs) != 2 || msgs[1].ThreadTS != msgs[0].TS || len(msgs[1].Files) != 1 {
		t.Fatalf("files %+v, messages %+v", files, msgs)
	}
}
