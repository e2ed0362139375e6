package doctor

import (
	"context"
	"sort"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/integrations/pagerduty"
)

// checkPagerDuty: each team's routing key takes a change event (which
// pages nobody), and the REST API token is valid where one is needed.
func checkPagerDuty(ctx context.Context, opt Options) []Line {
	cfg := opt.Config
	names := pagedTeams(cfg)
	var out []Line
	sender := pagerduty.NewSender(cfg.PagerDuty.EventsURL, opt.HTTPClient)
	for _, name := range names {
		out = append(out, routingKey(ctx, opt, sender, name, cfg.Teams[name].PagerDuty.RoutingKey))
	}
	if l := apiToken(ctx, opt, needsAPI(cfg)); l != nil {
		out = append(out, *l)
	}
	return out
}

func pagedTeams(cfg *config.Config) []string {
	var out []string
	for name, t := range cfg.Teams {
		if t.PagerDuty != nil && t.PagerDuty.RoutingKey.Declared() {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func routingKey(ctx context.Context, opt Options, sender *pagerduty.Sender, team string, key config.Secret) Line {
	check := "PagerDuty routing key of " + team
	if l := secretMissing(check, "teams."+team+".pagerduty.routing_key", key); l != nil {
		return *l
	}
	if err := sender.CheckRoutingKey(ctx, key.Value(), opt.Now()); err != nil {
		return fail(check, "PagerDuty refused a change event: "+err.Error(),
			"copy the Integration Key of the service's Events API v2 integration (Service → Integrations) into "+key.Origin())
	}
	return ok(check, "accepted (a change event, which pages nobody)")
}

// needsAPI is why the config needs the REST API token, or "".
func needsAPI(cfg *config.Config) string {
	for _, t := range cfg.Teams {
		if t.PagerDuty != nil && (t.PagerDuty.ScheduleID != "" || t.PagerDuty.EscalationPolicyID != "") {
			return "a team's on-call comes from a PagerDuty schedule or escalation policy"
		}
	}
	if len(cfg.PagerDuty.WebhookSecrets) > 0 {
		return "PagerDuty webhooks are verified and traced to incidents through it"
	}
	return ""
}

func apiToken(ctx context.Context, opt Options, why string) *Line {
	pd := opt.Config.PagerDuty
	const check = "PagerDuty API token"
	if !pd.APIToken.Declared() && why == "" {
		return nil
	}
	if l := secretMissing(check, "pagerduty.api_token", pd.APIToken); l != nil {
		return l
	}
	if err := pagerduty.NewClient(pd.APIURL, pd.APIToken.Value(), opt.HTTPClient).CheckToken(ctx); err != nil {
		l := fail(check, err.Error(), "create a REST API key (Integrations → API Access Keys; read-only is enough) and put it in "+pd.APIToken.Origin())
		return &l
	}
	l := ok(check, "valid (GET /abilities)")
	return &l
}
