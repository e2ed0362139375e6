// Package slack registers Slack as a chat platform: rooms, cards and
// posts through the bot token; commands, buttons and events through the
// signed HTTP endpoints or Socket Mode; and, for teams with
// slack_rooms: thread, their thread rooms.
package slack

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/delivery"
	slackapi "github.com/tandemhq/tandem/integrations/slack"
	"github.com/tandemhq/tandem/platform"
)

var (
	_ platform.Chat         = (*slackapi.Client)(nil)
	_ platform.Chat         = (*slackapi.ThreadRoom)(nil)
	_ delivery.FileUploader = (*slackapi.ThreadRoom)(nil)
	_ delivery.RoomCloser   = (*slackapi.Client)(nil)
)

func init() { platform.Register(Slack{}) }

// Slack is the Slack platform.
type Slack struct{}

// Name is "slack".
func (Slack) Name() string { return "slack" }

// Enabled reports whether the config has a slack section.
func (Slack) Enabled(cfg *config.Config) bool { return cfg.Slack.Configured() }

// Open builds the Slack client and its thread rooms, and checks the token.
func (Slack) Open(ctx context.Context, d platform.Deps) (platform.Opened, error) {
	sc := d.Config.Slack
	if !sc.BotToken.IsSet() {
		return platform.Opened{}, errors.New("slack: the bot token is empty (set slack.bot_token_env or slack.bot_token_file)")
	}
	client, err := slackapi.New(slackapi.Options{Token: sc.BotToken.Value(), APIURL: sc.APIURL, Logger: d.Log,
		Now: d.Now, Location: d.Config.Location, Private: d.Config.Rooms.PrivateRooms()})
	if err != nil {
		return platform.Opened{}, err
	}
	chats := map[string]platform.Chat{client.Platform(): client}
	for name, t := range d.Config.Teams {
		if t.ThreadRooms() {
			// Each thread team's rooms are one more chat, with its own
			// cursor: the outbox creates, syncs and mirrors its threads.
			chats[slackapi.ThreadPlatform(name)] = client.ThreadRoom(name, t.Channels["slack"])
		}
	}
	checkToken(ctx, client, d.Log)
	inbound := func(h platform.Handle) (platform.Inbound, error) { return openInbound(ctx, d, client, h), nil }
	return platform.Opened{Chats: chats, Inbound: inbound}, nil
}

// checkToken asks Slack whose the token is (auth.test), so a wrong token
// shows in the log at start, not at the first incident; Slack being
// unreachable now must not stop Tandem from starting.
func checkToken(ctx context.Context, client *slackapi.Client, log *slog.Logger) {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := client.Check(cctx); err != nil {
		log.Warn("Slack did not accept the bot token (auth.test); posts will fail until it does", "err", err)
	}
}

// openInbound builds the endpoints when a signing secret is set (an
// endpoint without its secret is not mounted) and Socket Mode when an
// app-level token is set, for a Tandem behind a firewall.
func openInbound(ctx context.Context, d platform.Deps, client *slackapi.Client, h platform.Handle) platform.Inbound {
	sc := d.Config.Slack
	in := slackapi.NewInbound(slackapi.InboundOptions{
		SigningSecret: sc.SigningSecret.Value(), Handle: h, Claim: d.Claim, Reply: client.Reply,
		Context: ctx, Now: d.Now, Logger: d.Log, AppID: sc.AppID, TeamID: sc.TeamID,
	})
	out := platform.Inbound{Wait: in.Wait}
	if sc.SigningSecret.IsSet() {
		out.Mount = func(mux *http.ServeMux) {
			mux.Handle("POST /slack/commands", in.Commands())
			mux.Handle("POST /slack/interactions", in.Interactions())
			mux.Handle("POST /slack/events", in.Events())
		}
	} else if !sc.AppToken.IsSet() {
		d.Log.Warn("no Slack signing secret and no app token: Tandem posts to Slack but cannot receive commands or button clicks")
	}
	if sc.AppToken.IsSet() {
		so := slackapi.SocketOptions{AppToken: sc.AppToken.Value(), BotToken: sc.BotToken.Value(), APIURL: sc.APIURL}
		out.Start = func(ctx context.Context) { in.RunSocket(ctx, so) }
	}
	return out
}
