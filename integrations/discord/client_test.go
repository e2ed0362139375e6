package discord_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
)

var opened = time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)

func testIncident() incident.Incident {
	return incident.Incident{ID: "INC-7", Title: "Disk full on db-01", Status: incident.StatusOpen, Severity: incident.Sev2,
		Service: "database", OpenedAt: opened}
}

func TestRoomLifecycle(t *testing.T) {
	fake := discordtest.Start(t, token)
	fake.AddChannel("7000", "incidents", discordtest.TypeCategory)
	c := client(t, fake, "7000")
	ctx := t.Context()
	inc := testIncident()

	ch, name, err := c.CreateRoom(ctx, incident.RoomName(inc.ID, inc.Title, c.MaxRoomName()), inc)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := fake.Channel(ch)
	if name != "inc-7-disk-full-on-db-01" || got.Name != name || got.ParentID != "7000" || got.GuildID != guild ||
		!strings.HasPrefix(got.Topic, "INC-7 [sev2] Disk full on db-01") {
		t.Fatalf("channel %+v, name %q", got, name)
	}
	if c.RoomLink(ch) != "<#"+ch+">" {
		t.Fatalf("room link %q", c.RoomLink(ch))
	}

	card, err := c.PostCard(ctx, ch, chat.PostKey{}, inc)
	if err != nil {
		t.Fatal(err)
	}
	msgs := fake.Messages(ch)
	want := []string{"tandem:ack:INC-7", "tandem:escalate:INC-7", "tandem:resolve:INC-7"}
	if len(msgs) != 1 || msgs[0].ID != card || !slices.Equal(msgs[0].CustomIDs(), want) ||
		msgs[0].Embeds[0].Title != "INC-7 · SEV2 · Disk full on db-01" {
		t.Fatalf("card %+v", msgs)
	}

	inc.Status, inc.AckedBy = incident.StatusAcked, &incident.Actor{Name: "Nora", Side: incident.MSP, Platform: "discord"}
	if err := c.UpdateCard(ctx, ch, card, inc); err != nil {
		t.Fatal(err)
	}
	m := fake.Messages(ch)[0]
	if m.Edits != 1 || !strings.Contains(m.Embeds[0].Description, "Held by: Nora (MSP)") || !m.Components[0].Components[0].Disabled {
		t.Fatalf("acked card %+v", m)
	}
	inc.Status = incident.StatusResolved
	if err := c.UpdateCard(ctx, ch, card, inc); err != nil {
		t.Fatal(err)
	}
	if m := fake.Messages(ch)[0]; m.Edits != 2 || len(m.Components) != 0 || !strings.Contains(m.Embeds[0].Description, "RESOLVED") {
		t.Fatalf("resolved card keeps no buttons: %+v", m)
	}

	e := incident.NewEvent(opened, incident.KindAcked, *inc.AckedBy)
	if err := c.PostEvent(ctx, ch, chat.PostKey{}, e); err != nil {
		t.Fatal(err)
	}
	if m := fake.Messages(ch)[1]; m.Content != "03:00 UTC ✅ acknowledged by Nora (MSP) from Discord" || m.AllowedMentions == nil || len(m.AllowedMentions.Parse) != 0 {
		t.Fatalf("event message %+v", m)
	}
}

func TestInviteAndPost(t *testing.T) {
	fake := discordtest.Start(t, token)
	fake.AddChannel("2222", "noc-desk", discordtest.TypeText)
	c := client(t, fake, "")
	if err := c.Invite(t.Context(), "2222", "333"); err != nil {
		t.Fatal(err)
	}
	ch, _ := fake.Channel("2222")
	if o := ch.Overwrites["333"]; o.Type != 1 || o.Allow == "" {
		t.Fatalf("overwrite %+v", ch.Overwrites)
	}
	if err := c.Post(t.Context(), "2222", chat.PostKey{}, "🚨 INC-7 @everyone paged. Room: <#9>"+strings.Repeat("!", 3000)); err != nil {
		t.Fatal(err)
	}
	msgs := fake.Messages("2222")
	if len(msgs) != 2 || !strings.Contains(msgs[0].Content, "<@333>") || !slices.Equal(msgs[0].AllowedMentions.Users, []string{"333"}) {
		t.Fatalf("invite mention %+v", msgs)
	}
	if n := len([]rune(msgs[1].Content)); n != 2000 || len(msgs[1].AllowedMentions.Parse) != 0 {
		t.Fatalf("post: %d runes, mentions %+v", n, msgs[1].AllowedMentions)
	}
	// Without Manage Roles the overwrite is refused; the mention still goes.
	fake.Fail(discordtest.RouteSetPermission, 1, 403, 50013, "Missing Permissions")
	if err := c.Invite(t.Context(), "2222", "444"); err != nil {
		t.Fatalf("invite without Manage Roles: %v", err)
	}
}

// What the outbox is told: wait as long as a 429 says, retry a 5xx, give
// up on what Discord would answer again, with Discord's message.
func TestDeliveryErrors(t *testing.T) {
	fake := discordtest.Start(t, token)
	fake.AddChannel("2222", "noc-desk", discordtest.TypeText)
	c := client(t, fake, "")
	ctx := t.Context()

	fake.RateLimit(discordtest.RouteCreateMessage, 1, 1.5)
	err := c.Post(ctx, "2222", chat.PostKey{}, "x")
	if d := chat.RetryDelay(err); d != 1500*time.Millisecond || chat.IsPermanent(err) {
		t.Fatalf("429: delay %s, err %v", d, err)
	}
	fake.Fail(discordtest.RouteCreateMessage, 1, 502, 0, "Bad Gateway")
	if err := c.Post(ctx, "2222", chat.PostKey{}, "x"); err == nil || chat.IsPermanent(err) || chat.RetryDelay(err) != 0 {
		t.Fatalf("5xx must be retried with backoff: %v", err)
	}
	err = c.Post(ctx, "9999", chat.PostKey{}, "x")
	var api *discord.APIError
	if !chat.IsPermanent(err) || !errors.As(err, &api) || api.Code != 10003 || api.Message != "Unknown Channel" {
		t.Fatalf("unknown channel: %v", err)
	}
	fake.Fail(discordtest.RouteCreateChannel, 1, 403, 50001, "Missing Access")
	if _, _, err := c.CreateRoom(ctx, "inc-1-x", testIncident()); !chat.IsPermanent(err) || !strings.Contains(err.Error(), "Missing Access") {
		t.Fatalf("missing access: %v", err)
	}
	bad, _ := discord.New(discord.Options{Token: "wrong", APIURL: fake.APIURL(), GuildID: guild})
	if err := bad.Post(ctx, "2222", chat.PostKey{}, "x"); !chat.IsPermanent(err) || !strings.Contains(err.Error(), "401: Unauthorized") {
		t.Fatalf("bad token: %v", err)
	}
	if len(fake.Messages("2222")) != 0 {
		t.Fatal("a refused post was stored")
	}
}

// The 429 wait comes from the body's retry_after; a 429 that says nothing
// waits a second (the headers' turn is in transport_test.go).
func TestRetryAfterSources(t *testing.T) {
	fake := discordtest.Start(t, token)
	fake.AddChannel("2222", "noc-desk", discordtest.TypeText)
	c := client(t, fake, "")
	fake.RateLimit(discordtest.RouteCreateMessage, 1, 0.25)
	if d := chat.RetryDelay(c.Post(t.Context(), "2222", chat.PostKey{}, "x")); d != 250*time.Millisecond {
		t.Fatalf("delay %s", d)
	}
	fake.Fail(discordtest.RouteCreateMessage, 1, 429, 0, "You are being rate limited.")
	if d := chat.RetryDelay(c.Post(t.Context(), "2222", chat.PostKey{}, "x")); d != time.Second {
		t.Fatalf("delay without retry_after %s", d)
	}
}

func TestCardEmbedJSON(t *testing.T) {
	fake := discordtest.Start(t, token)
	fake.AddChannel("1", "room", discordtest.TypeText)
	c := client(t, fake, "")
	inc := testIncident()
	inc.Title = strings.Repeat("very long title ", 40)
	if _, err := c.PostCard(t.Context(), "1", chat.PostKey{}, inc); err != nil {
		t.Fatalf("long title must fit Discord's limits: %v", err)
	}
	var sent map[string]any
	json.Unmarshal(fake.Calls(discordtest.RouteCreateMessage)[0].Body, &sent)
	if _, ok := sent["allowed_mentions"]; !ok {
		t.Fatalf("card without allowed_mentions: %v", sent)
	}
}

func TestUploadFile(t *testing.T) {
	fake := discordtest.Start(t, token)
	fake.AddChannel("1", "room", discordtest.TypeText)
	c := client(t, fake, "")
	review := []byte("# INC-7 review\n\nDisk full on db-01.\n")
	if err := c.UploadFile(t.Context(), "1", "INC-7-review.md", review, "📄 Post-incident review of INC-7"); err != nil {
		t.Fatal(err)
	}
	m := fake.Messages("1")
	if len(m) != 1 || m[0].Content != "📄 Post-incident review of INC-7" || len(m[0].Attachments) != 1 {
		t.Fatalf("messages %+v", m)
	}
	if a := m[0].Attachments[0]; a.Filename != "INC-7-review.md" || string(a.Data) != string(review) || !strings.HasPrefix(a.ContentType, "text/markdown") {
		t.Fatalf("attachment %+v", a)
	}
	fake.RateLimit(discordtest.RouteCreateMessage, 1, 0.5)
	if d := chat.RetryDelay(c.UploadFile(t.Context(), "1", "x.png", []byte{1}, "")); d != 500*time.Millisecond {
		t.Fatalf("429 on upload: delay %s", d)
	}
}

// Every post carries its key as an enforced nonce: a second attempt of the
// same post (the process died before recording the first) gets Discord's
// answer for the first message instead of a second message.
func TestPostWithSameKeyIsCreatedOnce(t *testing.T) {
	fake := discordtest.Start(t, token)
	fake.AddChannel("2222", "acme-it", discordtest.TypeText)
	c := client(t, fake, "")
	key := chat.PostKey{ID: "dep1/INC-7/post/page-1/discord"}
	for range 2 {
		if err := c.Post(t.Context(), "2222", key, "🚨 INC-7 paged"); err != nil {
			t.Fatal(err)
		}
	}
	card := chat.PostKey{ID: "dep1/INC-7/card/discord", Retry: true}
	first, err := c.PostCard(t.Context(), "2222", card, testIncident())
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.PostCard(t.Context(), "2222", card, testIncident())
	if err != nil || again != first {
		t.Fatalf("card again: %q %v, want the first card %q", again, err, first)
	}
	if err := c.Post(t.Context(), "2222", chat.PostKey{ID: "dep1/INC-7/post/page-2/discord"}, "🚨 INC-7 paged noc"); err != nil {
		t.Fatal(err)
	}
	msgs := fake.Messages("2222")
	if len(msgs) != 3 {
		t.Fatalf("%d messages, want 3: one page post, one card, one other post", len(msgs))
	}
	if n := msgs[0].Nonce; len(n) != 24 || !msgs[0].EnforceNonce {
		t.Fatalf("nonce %q enforced %v: want 24 characters, enforced", n, msgs[0].EnforceNonce)
	}
}
