package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/pagerduty"
)

// Compile-time checks that the PagerDuty pieces fit the ports they fill.
var (
	_ Pager                 = (*pagerduty.Pager)(nil)
	_ pagerduty.Fallback    = Pager(nil)
	_ handlers.OnCallSource = (*pdOnCall)(nil)
	_ http.Handler          = (*pdWebhook)(nil)
)

// setupPagerDuty wires PagerDuty where it is configured: teams with a
// routing key are paged through the Events API (the others keep the pager
// there was, e.g. the console); teams with a schedule or escalation policy
// take their on-call from GET /oncalls; and with webhook secrets,
// POST /webhooks/pagerduty takes acks and resolutions made in PagerDuty.
func (b *Bot) setupPagerDuty(ctx context.Context) error {
	pd := b.cfg.PagerDuty
	log := b.log.With("integration", "pagerduty")
	if keys := routingKeys(b.cfg); len(keys) > 0 {
		b.pager = pagerduty.NewPager(pagerduty.PagerOptions{
			EventsURL: pd.EventsURL, RoutingKeys: keys, Fallback: b.pager,
			RoomLinks: b.roomLinks, Now: b.opt.Now, Logger: log, PerMinute: pd.EventsPerMinute,
		})
		log.Info("pages go through the PagerDuty Events API", "teams", len(keys))
	}
	var client *pagerduty.Client
	if pd.APIToken.IsSet() {
		client = pagerduty.NewClient(pd.APIURL, pd.APIToken.Value(), nil)
	}
	if targets := onCallTargets(b.cfg); len(targets) > 0 && client != nil {
		b.oncall = &pdOnCall{lookup: pagerduty.NewOnCalls(client, pagerduty.DefaultOnCallTTL, log),
			targets: targets, members: pdMembers(b.cfg)}
		log.Info("on-call comes from PagerDuty", "teams", len(targets))
	}
	if secrets := secretValues(pd.WebhookSecrets); len(secrets) > 0 {
		h := &pdWebhook{b: b, secrets: secrets, client: client, members: pdMembers(b.cfg), log: log}
		b.mounts = append(b.mounts, func(mux *http.ServeMux) { mux.Handle("POST /webhooks/pagerduty", h) })
	}
	return nil
}

// roomLinks says how to reach the incident's rooms, for the page's details.
func (b *Bot) roomLinks(inc incident.Incident) map[string]string {
	out := map[string]string{}
	for platform, channel := range inc.Room {
		if c, ok := b.chats[platform]; ok && channel != "" {
			out[platform] = c.RoomLink(channel)
		}
	}
	return out
}

func routingKeys(cfg *config.Config) map[string]string {
	out := map[string]string{}
	for name, t := range cfg.Teams {
		if t.PagerDuty != nil && t.PagerDuty.RoutingKey.IsSet() {
			out[name] = t.PagerDuty.RoutingKey.Value()
		}
	}
	return out
}

func onCallTargets(cfg *config.Config) map[string]pagerduty.Target {
	out := map[string]pagerduty.Target{}
	for name, t := range cfg.Teams {
		if pd := t.PagerDuty; pd != nil && (pd.ScheduleID != "" || pd.EscalationPolicyID != "") {
			out[name] = pagerduty.Target{ScheduleID: pd.ScheduleID, EscalationPolicyID: pd.EscalationPolicyID}
		}
	}
	return out
}

func secretValues(secrets []config.Secret) []string {
	var out []string
	for _, s := range secrets {
		if s.IsSet() {
			out = append(out, s.Value())
		}
	}
	return out
}

// pdMembers maps PagerDuty users to members: "id:<PagerDuty user ID>" and
// "email:<lower-case email>" → member name.
func pdMembers(cfg *config.Config) map[string]string {
	out := map[string]string{}
	add := func(ms []config.Member) {
		for _, m := range ms {
			if m.PagerDuty != "" {
				out["id:"+m.PagerDuty] = m.Name
			}
			if m.Email != "" {
				out["email:"+strings.ToLower(m.Email)] = m.Name
			}
		}
	}
	for _, t := range cfg.Teams {
		add(t.Members)
	}
	add(cfg.Managers.Members)
	return out
}

// pdOnCall is the on-call source of teams with a PagerDuty schedule or
// escalation policy; other teams keep the built-in rotation. When PagerDuty
// cannot say, it falls back to the rotation and says why in Source, which
// the room and `/incident oncall` show.
type pdOnCall struct {
	lookup   *pagerduty.OnCalls
	targets  map[string]pagerduty.Target
	members  map[string]string
	rotation handlers.RotationOnCall
}

// OnCall returns who PagerDuty says is on call for team, as a member.
func (o *pdOnCall) OnCall(ctx context.Context, team *handlers.Team, now time.Time) handlers.OnCall {
	t, ok := o.targets[team.Name]
	if !ok {
		return o.rotation.OnCall(ctx, team, now)
	}
	u, err := o.lookup.Lookup(ctx, t, now)
	switch {
	case errors.Is(err, pagerduty.ErrNobodyOnCall):
		return o.fallback(ctx, team, now, "nobody on call in PagerDuty")
	case err != nil:
		return o.fallback(ctx, team, now, "PagerDuty unreachable")
	}
	source := "PagerDuty " + t.String()
	name := o.members["id:"+u.ID]
	if name == "" && u.Email != "" {
		name = o.members["email:"+strings.ToLower(u.Email)]
	}
	if name == "" {
		// Not a configured member: nobody to invite, but people see who.
		return handlers.OnCall{Until: u.Until, Source: fmt.Sprintf("%s: %s, not a member in the config", source, firstNonEmptyStr(u.Name, u.Email, u.ID))}
	}
	return handlers.OnCall{Person: name, Until: u.Until, Source: source}
}

func (o *pdOnCall) fallback(ctx context.Context, team *handlers.Team, now time.Time, why string) handlers.OnCall {
	if team.Rotation != nil {
		oc := o.rotation.OnCall(ctx, team, now)
		oc.Source = "rotation (" + why + ")"
		return oc
	}
	// PagerDuty still pages its own on-call through the routing key.
	return handlers.OnCall{Source: "PagerDuty on-call (" + why + ")"}
}

// pdWebhook receives PagerDuty v3 webhooks: verify, decode, find the
// incident through the page's dedup key, and act as the PagerDuty user.
type pdWebhook struct {
	b       *Bot
	secrets []string
	client  *pagerduty.Client // nil without an API token: no alert lookup
	members map[string]string
	log     *slog.Logger
}

var pdKinds = map[string]string{
	pagerduty.EventAcknowledged:   handlers.PDAcknowledged,
	pagerduty.EventUnacknowledged: handlers.PDUnacknowledged,
	pagerduty.EventResolved:       handlers.PDResolved,
	pagerduty.EventEscalated:      handlers.PDEscalated,
	pagerduty.EventReassigned:     handlers.PDReassigned,
}

func (h *pdWebhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	code := h.serve(w, r)
	h.b.metrics.webhookDuration.WithLabelValues("pagerduty", strconv.Itoa(code)).Observe(time.Since(start).Seconds())
}

// serve answers 2xx once the event is applied or found to be none of
// Tandem's business; 401 for a bad signature; 503 when it could not be
// applied now, so PagerDuty delivers it again. Every event answered 2xx is
// remembered by its ID (for a week: PagerDuty retries for 48 hours), so a
// late repeat of an event that changed nothing is not looked at again.
func (h *pdWebhook) serve(w http.ResponseWriter, r *http.Request) int {
	body, ok := readBody(w, r)
	if !ok {
		return http.StatusRequestEntityTooLarge
	}
	if !pagerduty.Verify(body, r.Header.Get(pagerduty.SignatureHeader), h.secrets) {
		writeError(w, http.StatusUnauthorized, "missing or invalid X-PagerDuty-Signature: expected v1=<hex HMAC-SHA256 of the body> made with the webhook subscription's secret")
		return http.StatusUnauthorized
	}
	ev, err := pagerduty.DecodeWebhook(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, incident.ErrorMessage(err))
		return http.StatusBadRequest
	}
	ctx, key := r.Context(), "pagerduty-event:"+ev.ID
	if seen, err := h.b.store.Claimed(ctx, key); err != nil {
		writeError(w, http.StatusServiceUnavailable, "could not look the event up; retry later")
		return http.StatusServiceUnavailable
	} else if seen {
		return ignored(w, "event "+ev.ID+" was received before")
	}
	code := h.apply(ctx, w, ev)
	if code == http.StatusOK {
		// Marked seen only once handled: a claim made first would lose the
		// event if applying it failed. Should this fail, the timeline's
		// event IDs still keep a repeat from applying twice.
		if _, err := h.b.store.ClaimOnce(ctx, key); err != nil {
			h.log.Warn("PagerDuty event not remembered", "event", ev.ID, "err", err)
		}
	}
	return code
}

// apply traces a verified event to its incident and applies it.
func (h *pdWebhook) apply(ctx context.Context, w http.ResponseWriter, ev pagerduty.WebhookEvent) int {
	kind, ok := pdKinds[ev.Type]
	if !ok || ev.Incident.ID == "" {
		return ignored(w, "event type "+ev.Type+" is not acted on")
	}
	log := h.log.With("event", ev.ID, "type", ev.Type, "pagerduty_incident", ev.Incident.ID)
	id, team, err := h.locate(ctx, ev.Incident)
	if err != nil {
		log.Warn("cannot trace the PagerDuty incident to an incident yet", "err", err)
		writeError(w, http.StatusServiceUnavailable, "could not look the incident up in PagerDuty; retry later")
		return http.StatusServiceUnavailable
	}
	if id == "" {
		log.Info("PagerDuty webhook about an incident Tandem did not page; ignored")
		return ignored(w, "not an incident Tandem paged")
	}
	pe, err := h.event(ctx, ev, kind, id, team)
	if err != nil {
		log.Warn("cannot tell which member acted in PagerDuty yet", "err", err)
		writeError(w, http.StatusServiceUnavailable, "could not look the user up in PagerDuty; retry later")
		return http.StatusServiceUnavailable
	}
	why, err := h.b.svc.PagerDutyEvent(ctx, pe)
	switch {
	case incident.ErrorCode(err) == incident.ENotFound:
		log.Info("PagerDuty webhook about an unknown incident; ignored", "incident", id)
		return ignored(w, id+" is not known here")
	case err != nil:
		log.Error("PagerDuty webhook not applied", "incident", id, "err", err)
		writeError(w, http.StatusServiceUnavailable, "could not store the change; retry later")
		return http.StatusServiceUnavailable
	case why != "":
		log.Info("PagerDuty webhook not applied", "incident", id, "team", team, "why", why)
		return ignored(w, why)
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "applied", "incident": id})
	return http.StatusOK
}

func ignored(w http.ResponseWriter, why string) int {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ignored", "reason": why})
	return http.StatusOK
}

// locate finds the incident and team of a PagerDuty incident: from its
// incident key (an Events API trigger's dedup key, "INC-7/noc") when the
// payload carries one, else from its alerts' keys through the REST API.
func (h *pdWebhook) locate(ctx context.Context, inc pagerduty.WebhookIncident) (id, team string, err error) {
	if id, team, ok := pagerduty.ParseDedupKey(inc.Key); ok {
		return id, team, nil
	}
	if h.client == nil {
		return "", "", nil
	}
	keys, err := h.client.AlertKeys(ctx, inc.ID)
	if err != nil {
		return "", "", err
	}
	for _, k := range keys {
		if id, team, ok := pagerduty.ParseDedupKey(k); ok {
			return id, team, nil
		}
	}
	return "", "", nil
}

// event is the use case's view of a webhook: the agent named as the member
// it is, when the config says so (member.pagerduty, or the e-mail address
// PagerDuty has for the user, read with the REST API).
func (h *pdWebhook) event(ctx context.Context, ev pagerduty.WebhookEvent, kind, id, team string) (handlers.PDEvent, error) {
	member, err := h.member(ctx, ev.Agent)
	out := handlers.PDEvent{ID: ev.ID, Incident: id, Team: team, Kind: kind, URL: ev.Incident.URL, OccurredAt: ev.OccurredAt,
		User: handlers.PDUser{ID: ev.Agent.ID, Name: ev.Agent.Name, Member: member}}
	for _, a := range ev.Incident.Assignees {
		out.To = append(out.To, h.name(a))
	}
	return out, err
}

// member is the configured member PagerDuty user r is, "" when none: by
// PagerDuty user ID, else by the user's e-mail (with an API token).
func (h *pdWebhook) member(ctx context.Context, r pagerduty.Ref) (string, error) {
	if r.ID == "" {
		return "", nil
	}
	if n := h.members["id:"+r.ID]; n != "" {
		return n, nil
	}
	if h.client == nil {
		return "", nil
	}
	email, err := h.client.UserEmail(ctx, r.ID)
	if err != nil || email == "" {
		return "", err
	}
	return h.members["email:"+strings.ToLower(email)], nil
}

func (h *pdWebhook) name(r pagerduty.Ref) string {
	if n := h.members["id:"+r.ID]; n != "" && r.ID != "" {
		return n
	}
	return r.Name
}

func firstNonEmptyStr(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
