package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/pagerduty"
	"github.com/tandemhq/tandem/redisstore"
)

// Compile-time checks that the PagerDuty pieces fit the ports they fill.
var (
	_ Pager                 = (*pagerduty.Pager)(nil)
	_ pagerduty.Fallback    = Pager(nil)
	_ handlers.OnCallSource = (*pdOnCall)(nil)
	_ pagerduty.Seen        = (*redisstore.Store)(nil)
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
			RoomURL: b.roomURL, DedupPrefix: pd.DedupPrefix, Hosts: b.serviceHosts(),
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
	b.pdClient = client
	return nil
}

// mountPagerDutyWebhook mounts POST /webhooks/pagerduty when webhook
// secrets are set; it runs once the use cases exist, which it applies to.
func (b *Bot) mountPagerDutyWebhook() {
	secrets := secretValues(b.cfg.PagerDuty.WebhookSecrets)
	if len(secrets) == 0 {
		return
	}
	h := pagerduty.NewWebhook(pagerduty.WebhookOptions{
		Secrets: secrets, Client: b.pdClient, Members: pdMembers(b.cfg), Kinds: pdKinds, Seen: b.store,
		DedupPrefix: b.cfg.PagerDuty.DedupPrefix,
		Logger:      b.log.With("integration", "pagerduty"),
		Apply: func(ctx context.Context, c pagerduty.Change) (string, error) {
			return b.svc.PagerDutyEvent(ctx, pdEvent(c))
		},
		Observe: func(code int, took time.Duration) {
			b.metrics.webhookDuration.WithLabelValues("pagerduty", strconv.Itoa(code)).Observe(took.Seconds())
		},
	})
	b.mounts = append(b.mounts, func(mux *http.ServeMux) { mux.Handle("POST /webhooks/pagerduty", h) })
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
		return handlers.OnCall{Until: u.Until, Source: fmt.Sprintf("%s: %s, not a member in the config", source, cmp.Or(u.Name, u.Email, u.ID))}
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

// pdKinds maps the PagerDuty event types Tandem acts on to the use case's kinds.
var pdKinds = map[string]string{
	pagerduty.EventAcknowledged:   handlers.PDAcknowledged,
	pagerduty.EventUnacknowledged: handlers.PDUnacknowledged,
	pagerduty.EventResolved:       handlers.PDResolved,
	pagerduty.EventEscalated:      handlers.PDEscalated,
	pagerduty.EventReassigned:     handlers.PDReassigned,
}

// pdEvent is the use case's form of a change traced by the webhook.
func pdEvent(c pagerduty.Change) handlers.PDEvent {
	return handlers.PDEvent{ID: c.EventID, Incident: c.Incident, Team: c.Team, Kind: c.Kind, URL: c.URL, OccurredAt: c.OccurredAt,
		To: c.To, User: handlers.PDUser{ID: c.UserID, Name: c.UserName, Member: c.Member}}
}
