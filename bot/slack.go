package bot

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/slack"
)

var _ Chat = (*slack.Client)(nil)

// setupSlack wires Slack when it is configured: the chat platform (rooms,
// cards, posts) from the bot token; the HTTP endpoints when a signing
// secret is set (an endpoint without its secret is not mounted); Socket
// Mode when an app-level token is set, for a Tandem behind a firewall.
// checkSlackToken asks Slack whose the token is (auth.test), so a wrong
// token shows in the log at start, not at the first incident; Slack being
// unreachable now must not stop Tandem from starting.
func checkSlackToken(ctx context.Context, client *slack.Client, log *slog.Logger) {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := client.Check(cctx); err != nil {
		log.Warn("Slack did not accept the bot token (auth.test); posts will fail until it does", "err", err)
	}
}

func (b *Bot) setupSlack(ctx context.Context) error {
	sc := b.cfg.Slack
	if !sc.Configured() {
		return nil
	}
	if !sc.BotToken.IsSet() {
		return errors.New("slack: the bot token is empty (set slack.bot_token_env or slack.bot_token_file)")
	}
	log := b.log.With("integration", "slack")
	client, err := slack.New(slack.Options{Token: sc.BotToken.Value(), APIURL: sc.APIURL, Logger: log,
		Now: b.opt.Now, Location: b.cfg.Location, Private: b.cfg.Rooms.PrivateRooms()})
	if err != nil {
		return err
	}
	b.chats["slack"] = client
	b.setupThreadRooms(client)
	checkSlackToken(ctx, client, log)
	in := slack.NewInbound(slack.InboundOptions{
		SigningSecret: sc.SigningSecret.Value(),
		// b.svc is built after the chats are set up: read it per request.
		Handle:  func(ctx context.Context, req chat.Request) chat.Response { return b.svc.Handle(ctx, req) },
		Claim:   b.store.ClaimOnce,
		Reply:   client.Reply,
		Context: ctx,
		Now:     b.opt.Now,
		Logger:  log,
		AppID:   sc.AppID,
		TeamID:  sc.TeamID,
	})
	b.drains = append(b.drains, in.Wait)
	if sc.SigningSecret.IsSet() {
		b.mounts = append(b.mounts, func(mux *http.ServeMux) {
			mux.Handle("POST /slack/commands", in.Commands())
			mux.Handle("POST /slack/interactions", in.Interactions())
			mux.Handle("POST /slack/events", in.Events())
		})
	} else if !sc.AppToken.IsSet() {
		log.Warn("no Slack signing secret and no app token: Tandem posts to Slack but cannot receive commands or button clicks")
	}
	if sc.AppToken.IsSet() {
		so := slack.SocketOptions{AppToken: sc.AppToken.Value(), BotToken: sc.BotToken.Value(), APIURL: sc.APIURL}
		// Mounts are applied when Run starts serving, after New has built
		// b.svc: the socket starts there, so no command arrives before it.
		b.mounts = append(b.mounts, func(*http.ServeMux) { go in.RunSocket(ctx, so) })
	}
	return nil
}
