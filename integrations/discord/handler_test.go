package discord_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/discord"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
)

func TestPing(t *testing.T) {
	sender, _, _ := endpoint(t, &recorder{}, time.Second)
	r, err := sender.Ping()
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != 200 || strings.TrimSpace(r.Body) != `{"type":1}` {
		t.Fatalf("PING answered %d %s", r.Status, r.Body)
	}
}

// Discord probes the endpoint with bad signatures; every one is a 401 with
// a body, and the handler never runs.
func TestRefusedSignatures(t *testing.T) {
	rec := &recorder{}
	sender, _, _ := endpoint(t, rec, time.Second)
	body := []byte(`{"type":1}`)
	now := strconv.FormatInt(time.Now().Unix(), 10)
	stale := strconv.FormatInt(time.Now().Add(-10*time.Minute).Unix(), 10)
	other := discordtest.NewSender("", app, guild)
	tests := []struct {
		name   string
		header map[string]string
	}{
		{"Missing", nil},
		{"MissingTimestamp", map[string]string{"X-Signature-Ed25519": sender.Sign(now, body)}},
		{"Garbage", map[string]string{"X-Signature-Ed25519": "00", "X-Signature-Timestamp": now}},
		{"OtherKey", map[string]string{"X-Signature-Ed25519": other.Sign(now, body), "X-Signature-Timestamp": now}},
		{"OtherTimestamp", map[string]string{"X-Signature-Ed25519": sender.Sign(now, body), "X-Signature-Timestamp": now + "0"}},
		{"Stale", map[string]string{"X-Signature-Ed25519": sender.Sign(stale, body), "X-Signature-Timestamp": stale}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := sender.Post(body, tc.header)
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != 401 || strings.TrimSpace(r.Body) == "" {
				t.Fatalf("got %d %q, want 401 with a body", r.Status, r.Body)
			}
		})
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.reqs) != 0 {
		t.Fatalf("handler ran for refused requests: %v", rec.reqs)
	}
}

func TestBodyCapAndBadJSON(t *testing.T) {
	sender, _, _ := endpoint(t, &recorder{}, time.Second)
	big := []byte(`{"type":1,"pad":"` + strings.Repeat("x", chat.MaxBody) + `"}`)
	// Too big is 413 whatever the credentials, before any verification.
	if r, _ := sender.Post(big, nil); r.Status != 413 {
		t.Fatalf("oversized body: %d %s", r.Status, r.Body)
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	bad := []byte(`{"type":`)
	r, _ := sender.Post(bad, map[string]string{"X-Signature-Ed25519": sender.Sign(ts, bad), "X-Signature-Timestamp": ts})
	if r.Status != 400 || !strings.Contains(r.Body, "invalid interaction JSON") {
		t.Fatalf("bad JSON: %d %s", r.Status, r.Body)
	}
}

func TestCommandBecomesRequest(t *testing.T) {
	rec := &recorder{answer: chat.Reply("🚨 INC-9 declared")}
	sender, _, _ := endpoint(t, rec, time.Second)
	r, err := sender.Command(nora, "4444", "declare", discordtest.String("title", "Disk full on db-01"),
		discordtest.Integer("sev", 2), discordtest.String("service", "database"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != 200 || r.Type != discordtest.AnswerMessage || r.Content != "🚨 INC-9 declared" || r.Ephemeral() {
		t.Fatalf("answer %+v", r)
	}
	got := rec.last(t)
	want := chat.Request{Platform: "discord", User: "333", Name: "Nora N", Channel: "4444", Text: "declare Disk full on db-01 --sev 2 --service database"}
	if got != want {
		t.Fatalf("request\n got %+v\nwant %+v", got, want)
	}
}

func TestErrorsAreEphemeral(t *testing.T) {
	rec := &recorder{answer: chat.Private("Tandem does not know you")}
	sender, _, _ := endpoint(t, rec, time.Second)
	r, _ := sender.Command(nora, "4444", "ack", discordtest.String("id", "INC-1"))
	if r.Type != discordtest.AnswerMessage || !r.Ephemeral() || r.Content != "Tandem does not know you" {
		t.Fatalf("answer %+v", r)
	}
	// An unknown button never reaches the handler; it is answered privately.
	r, _ = sender.Button(nora, "4444", "5555", "other:thing")
	if r.Type != discordtest.AnswerMessage || !r.Ephemeral() || !strings.Contains(r.Content, "unknown button") {
		t.Fatalf("unknown button: %+v", r)
	}
}

func TestButtonBecomesAction(t *testing.T) {
	rec := &recorder{answer: chat.Reply("✅ INC-7 acknowledged by Nora (MSP) from Discord")}
	sender, _, _ := endpoint(t, rec, time.Second)
	r, err := sender.Button(discordtest.User{ID: "333", Username: "nora", Nick: "Nora (desk)"}, "4444", "5555", "tandem:ack:INC-7")
	if err != nil {
		t.Fatal(err)
	}
	// A button's answer is the clicker's only: the card and the timeline
	// are the public record.
	if r.Type != discordtest.AnswerMessage || !r.Ephemeral() || !strings.Contains(r.Content, "acknowledged") {
		t.Fatalf("answer %+v", r)
	}
	got := rec.last(t)
	want := chat.Request{Platform: "discord", User: "333", Name: "Nora (desk)", Channel: "4444", Action: "ack", Value: "INC-7"}
	if got != want {
		t.Fatalf("request\n got %+v\nwant %+v", got, want)
	}
}

// Work slower than the deadline is deferred (type 5, ephemeral) and its
// answer edits the deferred message later, on the bot's context.
func TestSlowCommandIsDeferred(t *testing.T) {
	rec := &recorder{answer: chat.Reply("📝 note added to INC-3"), delay: 300 * time.Millisecond}
	sender, fake, _ := endpoint(t, rec, 50*time.Millisecond)
	start := time.Now()
	r, err := sender.Command(nora, "4444", "note", discordtest.String("text", "rebooting db-01"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Type != discordtest.AnswerDeferred || !r.Ephemeral() {
		t.Fatalf("answer %+v", r)
	}
	if took := time.Since(start); took > 250*time.Millisecond {
		t.Fatalf("deferral took %s", took)
	}
	eventually(t, func() bool { return len(fake.FollowUps(r.Token)) == 1 }, "follow-up")
	f := fake.FollowUps(r.Token)[0]
	if f.ID != "@original" || f.Content != "📝 note added to INC-3" {
		t.Fatalf("follow-up %+v", f)
	}
	if calls := fake.Calls(discordtest.RouteEditOriginal); len(calls) != 1 || !strings.Contains(calls[0].Path, "/webhooks/"+app+"/"+r.Token) {
		t.Fatalf("edit original calls %+v", calls)
	}
}

func TestSlowButtonIsDeferred(t *testing.T) {
	rec := &recorder{answer: chat.Reply("🏁 INC-3 resolved"), delay: 300 * time.Millisecond}
	sender, fake, _ := endpoint(t, rec, 50*time.Millisecond)
	r, _ := sender.Button(nora, "4444", "5555", "tandem:resolve:INC-3")
	if r.Type != discordtest.AnswerDeferredUpdate {
		t.Fatalf("answer %+v", r)
	}
	eventually(t, func() bool { return len(fake.FollowUps(r.Token)) == 1 }, "follow-up")
	if f := fake.FollowUps(r.Token)[0]; f.Flags&discordtest.FlagEphemeral == 0 || f.Content != "🏁 INC-3 resolved" {
		t.Fatalf("follow-up %+v", f)
	}
}

// An answer longer than a Discord message is split: the first page answers,
// the rest follow.
func TestLongAnswerIsPaged(t *testing.T) {
	var lines []string
	for i := range 120 {
		lines = append(lines, "12:0"+strconv.Itoa(i%10)+" CST 📝 Nora (MSP) from Discord: a rather long note number "+strconv.Itoa(i))
	}
	rec := &recorder{answer: chat.Private(strings.Join(lines, "\n"))}
	sender, fake, _ := endpoint(t, rec, time.Second)
	r, _ := sender.Command(nora, "4444", "timeline", discordtest.String("id", "INC-1"))
	if r.Type != discordtest.AnswerMessage || !r.Ephemeral() || len([]rune(r.Content)) > 2000 {
		t.Fatalf("first page: type %d, %d runes", r.Type, len([]rune(r.Content)))
	}
	eventually(t, func() bool {
		var all []string
		all = append(all, r.Content)
		for _, f := range fake.FollowUps(r.Token) {
			all = append(all, f.Content)
		}
		return strings.Join(all, "\n") == strings.Join(lines, "\n")
	}, "every line once, in order")
}

func TestHandlerPanicIsAnInternalError(t *testing.T) {
	fake := discordtest.Start(t, token)
	sender := discordtest.NewSender("", app, guild)
	h, err := discord.NewHandler(client(t, fake, ""), discord.HandlerOptions{
		PublicKey: sender.PublicKey(), Context: t.Context(),
		Handle: func(context.Context, chat.Request) chat.Response { panic("boom") },
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	sender.URL = srv.URL
	r, _ := sender.Command(nora, "1", "list")
	if r.Status != 200 || !r.Ephemeral() || r.Content != "Internal error." {
		t.Fatalf("answer %+v", r)
	}
}
