package discord

import (
	"context"
	"crypto/ed25519"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// HandleFunc answers a chat request: the bot's use cases.
type HandleFunc func(ctx context.Context, req chat.Request) chat.Response

// HandlerOptions configure the interactions endpoint.
type HandlerOptions struct {
	// PublicKey is the application's public key, 64 hexadecimal characters.
	PublicKey string
	// Handle answers the request; it runs on Context, not the request's.
	Handle HandleFunc
	// Context is the bot's own context: work that outlives the HTTP request
	// (a deferred answer and its follow-up) runs on it.
	Context context.Context
	// AckWithin, WorkTimeout and MaxSkew default to DefaultAckWithin,
	// DefaultWorkTimeout and DefaultMaxSkew.
	AckWithin   time.Duration
	WorkTimeout time.Duration
	MaxSkew     time.Duration
	// Clock checks signed timestamps. It is the wall clock (time.Now), not
	// the incidents' clock: Discord signs with real time.
	Clock  func() time.Time
	Logger *slog.Logger
	// GuildID, when set, is the one server whose interactions are served:
	// the application installed in another server is refused there.
	GuildID string
	// Claim returns true the first time it sees key (the store's
	// ClaimOnce): an interaction ID is served once, so a signed request
	// captured and sent again within the signature window does nothing.
	Claim func(ctx context.Context, key string) (bool, error)
}

// Handler serves POST /discord/interactions.
type Handler struct {
	c   *Client
	key ed25519.PublicKey
	opt HandlerOptions
	log *slog.Logger
	wg  sync.WaitGroup // follow-ups still being sent
}

// NewHandler returns the interactions endpoint. Follow-ups of deferred
// answers go through c.
func NewHandler(c *Client, opt HandlerOptions) (*Handler, error) {
	key, err := ParsePublicKey(opt.PublicKey)
	if err != nil {
		return nil, err
	}
	if opt.Handle == nil {
		return nil, errors.New("discord: the interactions handler needs a HandleFunc")
	}
	if opt.Context == nil {
		opt.Context = context.Background()
	}
	if opt.AckWithin <= 0 {
		opt.AckWithin = DefaultAckWithin
	}
	if opt.WorkTimeout <= 0 {
		opt.WorkTimeout = DefaultWorkTimeout
	}
	if opt.MaxSkew <= 0 {
		opt.MaxSkew = DefaultMaxSkew
	}
	if opt.Clock == nil {
		opt.Clock = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	return &Handler{c: c, key: key, opt: opt, log: opt.Logger.With("integration", "discord")}, nil
}

// Wait blocks until every follow-up in flight is sent or given up.
func (h *Handler) Wait() { h.wg.Wait() }

// ServeHTTP caps the body, verifies the signature before anything parses
// it, and answers: PONG to a PING, else the handler's answer within the
// deadline, or a deferral and a follow-up later.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _, ok := chat.ReadBody(w, r)
	if !ok {
		return
	}
	ts := r.Header.Get("X-Signature-Timestamp")
	err := Verify(h.key, r.Header.Get("X-Signature-Ed25519"), ts, body)
	if err == nil {
		err = checkFresh(ts, h.opt.Clock(), h.opt.MaxSkew)
	}
	if err != nil {
		h.log.Debug("interaction refused", "err", err, "remote", r.RemoteAddr)
		chat.WriteError(w, http.StatusUnauthorized, errBadSignature.Error())
		return
	}
	in, err := decode(body)
	if err != nil {
		chat.WriteError(w, http.StatusBadRequest, err.Error())
		return
	}
	switch {
	case in.kind == kindPing:
		chat.WriteJSON(w, http.StatusOK, discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
	case in.problem != nil:
		h.reply(w, in, chat.Private(incident.ErrorMessage(in.problem)))
	default:
		if refusal := h.admit(r.Context(), in); refusal != "" {
			h.reply(w, in, chat.Private(refusal))
			return
		}
		h.serve(w, in)
	}
}

// admit says why a verified interaction is not served ("" when it is):
// it comes from another server than the configured one, or its ID was
// served before (a replay), or that could not be checked.
func (h *Handler) admit(ctx context.Context, in inbound) string {
	if h.opt.GuildID != "" && in.guild != h.opt.GuildID {
		h.log.Warn("interaction from another Discord server refused", "guild", in.guild, "user", in.req.User)
		return "Tandem serves one Discord server, and this is not it."
	}
	if h.opt.Claim == nil || in.id == "" {
		return ""
	}
	first, err := h.opt.Claim(ctx, "discord:"+in.id)
	switch {
	case err != nil:
		h.log.Error("idempotency claim failed", "interaction", in.id, "err", err)
		return "Tandem could not check this request just now; try again."
	case !first:
		h.log.Warn("interaction served before; a replay is refused", "interaction", in.id, "user", in.req.User)
		return "This interaction was already handled."
	}
	return ""
}

// serve runs the request on the bot's context and waits AckWithin for it.
// In time, the answer is the response; late, Discord gets a deferral and
// the answer follows as a follow-up once the work is done.
func (h *Handler) serve(w http.ResponseWriter, in inbound) {
	done := make(chan chat.Response, 1)
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		done <- h.run(in.req)
	}()
	timer := time.NewTimer(h.opt.AckWithin)
	defer timer.Stop()
	select {
	case resp := <-done:
		h.reply(w, in, resp)
	case <-timer.C:
		h.deferReply(w, in)
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			h.followUp(in, <-done)
		}()
	}
}

// run calls the handler on the bot's context. It runs outside the HTTP
// server's goroutine, out of reach of its panic recovery, so it recovers
// here: a bug answers "Internal error.", it does not stop the bot.
func (h *Handler) run(req chat.Request) (resp chat.Response) {
	ctx, cancel := context.WithTimeout(h.opt.Context, h.opt.WorkTimeout)
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			h.log.Error("panic handling an interaction", "panic", v, "stack", string(debug.Stack()))
			resp = chat.Private("Internal error.")
		}
	}()
	return h.opt.Handle(ctx, req)
}
