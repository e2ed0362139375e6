package teams

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// HandlerOptions configure POST /teams/messages.
type HandlerOptions struct {
	Verifier *Verifier
	// Handle runs a request (the use cases'); Incident reads an incident,
	// to answer a card action with the card as it is now.
	Handle   func(ctx context.Context, req chat.Request) chat.Response
	Incident func(ctx context.Context, id string) (incident.Incident, error)
	// Claim returns true the first time it sees key: an activity the
	// connector sends again is acted on once.
	Claim func(ctx context.Context, key string) (bool, error)
	// Accounts are the members' configured Teams accounts; an entry with
	// "@" is an e-mail address, matched through the member's profile when
	// the sender's AAD object ID is no member's.
	Accounts []string
	Context  context.Context
	Logger   *slog.Logger
}

// Handler serves POST /teams/messages.
type Handler struct {
	c   *Client
	opt HandlerOptions
	ids map[string]bool // configured AAD object IDs
}

// NewHandler returns the messaging endpoint; replies go through c.
func NewHandler(c *Client, opt HandlerOptions) (*Handler, error) {
	if opt.Verifier == nil || opt.Handle == nil || opt.Incident == nil {
		return nil, errors.New("teams: the messaging endpoint needs a verifier, a Handle and an Incident reader")
	}
	if opt.Context == nil {
		opt.Context = context.Background()
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	h := &Handler{c: c, opt: opt, ids: map[string]bool{}}
	for _, a := range opt.Accounts {
		if !strings.Contains(a, "@") {
			h.ids[a] = true
		}
	}
	return h, nil
}

// ServeHTTP verifies the token before reading the body: a request that
// fails any check gets 401 and nothing of it is parsed.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	service, err := h.opt.Verifier.Verify(r.Context(), r.Header.Get("Authorization"))
	if err != nil {
		h.opt.Logger.Warn("teams: activity refused", "err", err)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxActivity+1))
	if err != nil {
		http.Error(w, "cannot read the body", http.StatusBadRequest)
		return
	}
	a, err := DecodeActivity(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !sameService(a.ServiceURL, service) {
		h.opt.Logger.Warn("teams: activity refused: serviceUrl differs from the token's", "activity", a.ServiceURL)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	h.serve(w, a)
}

// sameService compares service URLs as Bot Framework does: ignoring a
// trailing slash and case.
func sameService(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "/"), strings.TrimSuffix(b, "/"))
}

// serve answers a verified activity: a message is a command, an
// adaptiveCard/action invoke a card button; anything else (installs,
// reactions) is acknowledged and ignored.
func (h *Handler) serve(w http.ResponseWriter, a Activity) {
	ctx, cancel := context.WithTimeout(h.opt.Context, 10*time.Second)
	defer cancel()
	if a.ID != "" && h.opt.Claim != nil {
		if first, err := h.opt.Claim(ctx, "teams:activity:"+a.ID); err == nil && !first {
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	switch {
	case a.Type == "message":
		h.message(ctx, a)
		w.WriteHeader(http.StatusOK)
	case a.Type == "invoke" && a.Name == "adaptiveCard/action":
		writeJSON(w, h.invoke(ctx, a))
	default:
		w.WriteHeader(http.StatusOK)
	}
}

// request is the platform-neutral request of an activity.
func (h *Handler) request(ctx context.Context, a Activity) chat.Request {
	channel, thread := a.place()
	return chat.Request{Platform: Platform, User: h.account(ctx, a), Name: a.From.Name, Channel: channel, Thread: thread}
}

// account is the sender as configured: the AAD object ID, or the e-mail
// a member is configured by, read from the sender's Teams profile.
func (h *Handler) account(ctx context.Context, a Activity) string {
	user := a.user()
	if h.ids[user] || len(h.ids) == len(h.opt.Accounts) {
		return user
	}
	email, err := h.c.member(ctx, a.ServiceURL, a.Conversation.ID, a.From.ID)
	if err != nil {
		h.opt.Logger.Warn("teams: cannot read the sender's e-mail", "err", err)
		return user
	}
	for _, acc := range h.opt.Accounts {
		if strings.EqualFold(acc, email) {
			return acc
		}
	}
	return user
}

// message runs "@Tandem <command>" and replies in the same conversation
// (a thread reply in a channel). Teams has no ephemeral messages: an
// answer meant for the sender alone is a reply that mentions them.
func (h *Handler) message(ctx context.Context, a Activity) {
	req := h.request(ctx, a)
	req.Text = a.commandText()
	if req.Text == "" {
		req.Text = "help"
	}
	resp := h.opt.Handle(ctx, req)
	if resp.Text == "" {
		return
	}
	reply := textActivity(resp.Text)
	reply.ReplyToID = a.ID
	if resp.Ephemeral {
		tag := "<at>" + a.From.Name + "</at>"
		reply.Text = tag + " (only you asked): " + resp.Text
		reply.Entities = []Entity{{Type: "mention", Text: tag, Mentioned: a.From}}
	}
	conv := a.Conversation.ID
	if _, err := h.c.sendTo(ctx, a.ServiceURL, conv, reply); err != nil {
		h.opt.Logger.Warn("teams: reply not sent", "err", err)
	}
}

// invokeResponse is an adaptiveCard/action invoke's answer.
type invokeResponse struct {
	StatusCode int    `json:"statusCode"`
	Type       string `json:"type"`
	Value      any    `json:"value"`
}

// invoke runs a card button and answers with the card as it is now; an
// answer for the clicker alone (a refusal, an error) is a message only
// they see.
func (h *Handler) invoke(ctx context.Context, a Activity) invokeResponse {
	verb, data, err := a.invoke()
	id, _ := data["incident"].(string)
	action, known := verbActions[verb]
	if err != nil || !known || id == "" {
		return invokeResponse{StatusCode: 400, Type: "application/vnd.microsoft.error",
			Value: map[string]any{"code": "BadRequest", "message": "not a Tandem card action"}}
	}
	req := h.request(ctx, a)
	req.Action, req.Value = action, id
	resp := h.opt.Handle(ctx, req)
	inc, err := h.opt.Incident(ctx, id)
	if resp.Ephemeral || err != nil {
		return invokeResponse{StatusCode: 200, Type: "application/vnd.microsoft.activity.message", Value: resp.Text}
	}
	return invokeResponse{StatusCode: 200, Type: CardContentType, Value: Card(inc, h.c.opt.Now(), "")}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
