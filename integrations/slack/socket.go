package slack

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// maxSocketAck is under Socket Mode's 20 KB cap on an ack's payload; a
// larger answer goes through response_url instead.
const maxSocketAck = 19 << 10

// SocketOptions configure Socket Mode: Slack is reached over an outbound
// WebSocket, so Tandem needs no public URL (behind a firewall).
type SocketOptions struct {
	AppToken   string // xapp-… with connections:write
	BotToken   string
	APIURL     string
	HTTPClient *http.Client
}

// RunSocket serves slash commands, buttons and events over Socket Mode
// until ctx ends, reconnecting as needed. Deliveries go through the same
// decoding, deduplication and handlers as over HTTP; the socket is
// authenticated by the app token, so there is no signature to check.
func (in *Inbound) RunSocket(ctx context.Context, so SocketOptions) {
	o := []slack.Option{slack.OptionAppLevelToken(so.AppToken)}
	if so.APIURL != "" {
		o = append(o, slack.OptionAPIURL(so.APIURL))
	}
	if so.HTTPClient != nil {
		o = append(o, slack.OptionHTTPClient(so.HTTPClient))
	}
	smc := socketmode.New(slack.New(so.BotToken, o...))
	go in.keepConnected(ctx, smc)
	for {
		select {
		case <-ctx.Done():
			return
		case evt := <-smc.Events:
			in.goWork(func() { in.socketEvent(ctx, smc, evt) })
		}
	}
}

// keepConnected runs the connection again whenever it gives up.
func (in *Inbound) keepConnected(ctx context.Context, smc *socketmode.Client) {
	wait := time.Second
	for ctx.Err() == nil {
		err := smc.RunContext(ctx)
		if ctx.Err() != nil {
			return
		}
		in.log.Error("Slack Socket Mode connection lost; reconnecting", "err", err, "in", wait)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Minute)
	}
}

func (in *Inbound) socketEvent(ctx context.Context, smc *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		in.socketCommand(ctx, smc, evt.Request)
	case socketmode.EventTypeInteractive:
		in.socketDelivery(ctx, smc, evt.Request, decodeInteractionJSON, in.action)
	case socketmode.EventTypeEventsAPI:
		in.socketDelivery(ctx, smc, evt.Request, decodeEvent, in.mention)
	case socketmode.EventTypeConnected:
		in.log.Info("connected to Slack over Socket Mode")
	case socketmode.EventTypeInvalidAuth, socketmode.EventTypeConnectionError:
		in.log.Error("Slack Socket Mode", "event", evt.Type, "data", evt.Data)
	}
}

func (in *Inbound) socketCommand(ctx context.Context, smc *socketmode.Client, r *socketmode.Request) {
	if r == nil {
		return
	}
	m, err := decodeCommandJSON(r.Payload)
	if err != nil {
		in.log.Warn("bad Socket Mode slash command", "err", err)
		smc.Ack(*r)
		return
	}
	if why := in.foreign(m); why != "" {
		in.log.Warn("refused a Slack request for another app or workspace", "why", why)
		smc.Ack(*r, foreignAnswer(why)[0])
		return
	}
	var msgs []message
	switch err := in.claim(ctx, m); {
	case err == nil:
		msgs = in.command(m)
	case !errors.Is(err, errDuplicate):
		msgs = unavailable()
	}
	if len(msgs) == 0 {
		smc.Ack(*r)
		return
	}
	if len(encode(msgs[0])) > maxSocketAck {
		smc.Ack(*r)
		in.postRest(m.responseURL, msgs[:1])
		return
	}
	smc.Ack(*r, msgs[0])
}

// socketDelivery acknowledges at once, then runs the delivery when it is
// new and has something to run.
func (in *Inbound) socketDelivery(ctx context.Context, smc *socketmode.Client, r *socketmode.Request,
	decode func([]byte) (inbound, error), run func(inbound)) {
	if r == nil {
		return
	}
	smc.Ack(*r)
	m, err := decode(r.Payload)
	if err != nil {
		in.log.Warn("bad Socket Mode delivery", "type", r.Type, "err", err)
		return
	}
	if why := in.foreign(m); why != "" {
		in.log.Warn("refused a Slack request for another app or workspace", "type", r.Type, "why", why)
		return
	}
	if m.key == "" || in.claim(ctx, m) != nil {
		return
	}
	run(m)
}
