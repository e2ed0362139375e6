package discord_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/discord"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
)

const (
	token = "bot-token"
	app   = "900000000000000001"
	guild = "900000000000000002"
)

var nora = discordtest.User{ID: "333", Username: "nora", GlobalName: "Nora N"}

func client(t *testing.T, fake *discordtest.Server, category string) *discord.Client {
	t.Helper()
	c, err := discord.New(discord.Options{Token: token, APIURL: fake.APIURL(), ApplicationID: app, GuildID: guild, CategoryID: category})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// recorder is a HandleFunc that remembers the requests and answers with
// answer after delay.
type recorder struct {
	mu     sync.Mutex
	reqs   []chat.Request
	delay  time.Duration
	answer chat.Response
}

func (r *recorder) handle(ctx context.Context, req chat.Request) chat.Response {
	r.mu.Lock()
	r.reqs = append(r.reqs, req)
	delay, answer := r.delay, r.answer
	r.mu.Unlock()
	select {
	case <-time.After(delay):
	case <-ctx.Done():
	}
	return answer
}

func (r *recorder) last(t *testing.T) chat.Request {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) == 0 {
		t.Fatal("the handler saw no request")
	}
	return r.reqs[len(r.reqs)-1]
}

// endpoint serves a Handler for rec, with Discord's REST faked, and a
// sender signing with the key the handler trusts.
func endpoint(t *testing.T, rec *recorder, ackWithin time.Duration) (*discordtest.Sender, *discordtest.Server, *discord.Handler) {
	t.Helper()
	fake := discordtest.Start(t, token)
	sender := discordtest.NewSender("", app, guild)
	h, err := discord.NewHandler(client(t, fake, ""), discord.HandlerOptions{
		PublicKey: sender.PublicKey(), Handle: rec.handle, Context: t.Context(), AckWithin: ackWithin,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); h.Wait() })
	sender.URL = srv.URL
	return sender, fake, h
}

// eventually polls cond for up to 5 s.
func eventually(t *testing.T, cond func() bool, msg string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out: "+msg, args...)
}
