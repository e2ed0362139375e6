package pagerduty

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Change is a v3 webhook event traced to the page Tandem sent: what the
// use cases apply (handlers.Service.PagerDutyEvent, through the bot's
// wiring).
type Change struct {
	// EventID is PagerDuty's event ID: the same event applied again changes nothing.
	EventID string
	// Incident and Team come from the page's dedup key "<INC-n>/<team>".
	Incident, Team string
	Kind           string // the use case's kind for the event type (WebhookOptions.Kinds)
	UserID         string // who acted in PagerDuty; "" when PagerDuty itself acted
	UserName       string
	Member         string // the configured member UserID is, "" when none
	OccurredAt     time.Time
	To             []string // escalated, reassigned: who holds it in PagerDuty now
	URL            string   // the PagerDuty incident
}

// ApplyFunc applies a change to its incident. It returns why the change was
// not applied ("" when it was); an unknown incident is ENotFound.
type ApplyFunc func(ctx context.Context, c Change) (why string, err error)

// Seen remembers the events already answered: the store's claims.
type Seen interface {
	// Claimed reports whether key was claimed before.
	Claimed(ctx context.Context, key string) (bool, error)
	// ClaimOnce claims key; true the first time.
	ClaimOnce(ctx context.Context, key string) (bool, error)
}

// WebhookOptions configure POST /webhooks/pagerduty.
type WebhookOptions struct {
	Secrets []string // the subscriptions' secrets; any one may sign
	Client  *Client  // nil without an API token: no alert or user lookup
	// Members maps PagerDuty users to member names: "id:<user ID>" and
	// "email:<lower-case e-mail>" → name.
	Members map[string]string
	// DedupPrefix is the pager's (PagerOptions.DedupPrefix): keys with
	// another prefix are another Tandem's pages, not ours.
	DedupPrefix string
	// Kinds maps the event types acted on to the use case's kinds; other
	// types are answered 2xx and left alone.
	Kinds map[string]string
	Seen  Seen
	Apply ApplyFunc
	// Observe, when set, is told each answer's status and how long it took.
	Observe func(code int, took time.Duration)
	Logger  *slog.Logger
}

// Webhook serves POST /webhooks/pagerduty: it verifies, decodes, skips an
// event already answered, traces the event to its incident and applies it.
type Webhook struct {
	opt WebhookOptions
	log *slog.Logger
}

// NewWebhook returns the PagerDuty webhook endpoint.
func NewWebhook(opt WebhookOptions) *Webhook {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	return &Webhook{opt: opt, log: opt.Logger}
}

// ServeHTTP answers one delivery.
func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	code := h.serve(w, r)
	if h.opt.Observe != nil {
		h.opt.Observe(code, time.Since(start))
	}
}

// serve answers 2xx once the event is applied or found to be none of
// Tandem's business; 401 for a bad signature; 503 when it could not be
// applied now, so PagerDuty delivers it again. Every event answered 2xx is
// remembered by its ID (for a week: PagerDuty retries for 48 hours), so a
// late repeat of an event that changed nothing is not looked at again.
func (h *Webhook) serve(w http.ResponseWriter, r *http.Request) int {
	body, status, ok := chat.ReadBody(w, r)
	if !ok {
		return status
	}
	if !Verify(body, r.Header.Get(SignatureHeader), h.opt.Secrets) {
		return answerError(w, http.StatusUnauthorized, "missing or invalid X-PagerDuty-Signature: expected v1=<hex HMAC-SHA256 of the body> made with the webhook subscription's secret")
	}
	ev, err := DecodeWebhook(body)
	if err != nil {
		return answerError(w, http.StatusBadRequest, incident.ErrorMessage(err))
	}
	ctx, key := r.Context(), "pagerduty-event:"+ev.ID
	if seen, err := h.opt.Seen.Claimed(ctx, key); err != nil {
		return answerError(w, http.StatusServiceUnavailable, "could not look the event up; retry later")
	} else if seen {
		return ignored(w, "event "+ev.ID+" was received before")
	}
	code := h.apply(ctx, w, ev)
	if code == http.StatusOK {
		// Marked seen only once handled: a claim made first would lose the
		// event if applying it failed. Should this fail, the timeline's
		// event IDs still keep a repeat from applying twice.
		if _, err := h.opt.Seen.ClaimOnce(ctx, key); err != nil {
			h.log.Warn("PagerDuty event not remembered", "event", ev.ID, "err", err)
		}
	}
	return code
}

// apply traces a verified event to its incident and applies it.
func (h *Webhook) apply(ctx context.Context, w http.ResponseWriter, ev WebhookEvent) int {
	kind, ok := h.opt.Kinds[ev.Type]
	if !ok || ev.Incident.ID == "" {
		return ignored(w, "event type "+ev.Type+" is not acted on")
	}
	log := h.log.With("event", ev.ID, "type", ev.Type, "pagerduty_incident", ev.Incident.ID)
	id, team, err := h.locate(ctx, ev.Incident)
	if err != nil {
		log.Warn("cannot trace the PagerDuty incident to an incident yet", "err", err)
		return answerError(w, http.StatusServiceUnavailable, "could not look the incident up in PagerDuty; retry later")
	}
	if id == "" {
		log.Info("PagerDuty webhook about an incident Tandem did not page; ignored")
		return ignored(w, "not an incident Tandem paged")
	}
	c, err := h.change(ctx, ev, kind, id, team)
	if err != nil {
		log.Warn("cannot tell which member acted in PagerDuty yet", "err", err)
		return answerError(w, http.StatusServiceUnavailable, "could not look the user up in PagerDuty; retry later")
	}
	why, err := h.opt.Apply(ctx, c)
	switch {
	case incident.ErrorCode(err) == incident.ENotFound:
		log.Info("PagerDuty webhook about an unknown incident; ignored", "incident", id)
		return ignored(w, id+" is not known here")
	case err != nil:
		log.Error("PagerDuty webhook not applied", "incident", id, "err", err)
		return answerError(w, http.StatusServiceUnavailable, "could not store the change; retry later")
	case why != "":
		log.Info("PagerDuty webhook not applied", "incident", id, "team", team, "why", why)
		return ignored(w, why)
	}
	return reply(w, http.StatusOK, map[string]string{"status": "applied", "incident": id})
}

// locate finds the incident and team of a PagerDuty incident: from its
// incident key (an Events API trigger's dedup key, "INC-7/noc") when the
// payload carries one, else from its alerts' keys through the REST API.
func (h *Webhook) locate(ctx context.Context, inc WebhookIncident) (id, team string, err error) {
	if id, team, ok := ParsePrefixedDedupKey(h.opt.DedupPrefix, inc.Key); ok {
		return id, team, nil
	}
	if h.opt.Client == nil {
		return "", "", nil
	}
	keys, err := h.opt.Client.AlertKeys(ctx, inc.ID)
	if err != nil {
		return "", "", err
	}
	for _, k := range keys {
		if id, team, ok := ParsePrefixedDedupKey(h.opt.DedupPrefix, k); ok {
			return id, team, nil
		}
	}
	return "", "", nil
}

// change is the use case's view of a webhook: the agent named as the
// member it is, when the config says so (member.pagerduty, or the e-mail
// address PagerDuty has for the user, read with the REST API).
func (h *Webhook) change(ctx context.Context, ev WebhookEvent, kind, id, team string) (Change, error) {
	member, err := h.member(ctx, ev.Agent)
	out := Change{EventID: ev.ID, Incident: id, Team: team, Kind: kind, URL: ev.Incident.URL, OccurredAt: ev.OccurredAt,
		UserID: ev.Agent.ID, UserName: ev.Agent.Name, Member: member}
	for _, a := range ev.Incident.Assignees {
		out.To = append(out.To, h.name(a))
	}
	return out, err
}

// member is the configured member PagerDuty user r is, "" when none: by
// PagerDuty user ID, else by the user's e-mail (with an API token).
func (h *Webhook) member(ctx context.Context, r Ref) (string, error) {
	if r.ID == "" {
		return "", nil
	}
	if n := h.opt.Members["id:"+r.ID]; n != "" {
		return n, nil
	}
	if h.opt.Client == nil {
		return "", nil
	}
	email, err := h.opt.Client.UserEmail(ctx, r.ID)
	if err != nil || email == "" {
		return "", err
	}
	return h.opt.Members["email:"+strings.ToLower(email)], nil
}

func (h *Webhook) name(r Ref) string {
	if n := h.opt.Members["id:"+r.ID]; n != "" && r.ID != "" {
		return n
	}
	return r.Name
}

func ignored(w http.ResponseWriter, why string) int {
	return reply(w, http.StatusOK, map[string]string{"status": "ignored", "reason": why})
}

// answerError answers {"error": msg} with code, and returns code for the metrics.
func answerError(w http.ResponseWriter, code int, msg string) int {
	chat.WriteError(w, code, msg)
	return code
}

// reply answers v as JSON with code, and returns code for the metrics.
func reply(w http.ResponseWriter, code int, v any) int {
	chat.WriteJSON(w, code, v)
	return code
}
