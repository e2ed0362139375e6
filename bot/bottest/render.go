package bottest

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/integrations/teams/teamstest"
)

// Where is where a rendered config finds its Redis and the fakes.
type Where struct {
	// Redis is the redis section's keys less the prefix: url: "redis://…",
	// or a Sentinel's addresses.
	Redis  string
	Prefix string
	// The fakes' API URLs (Slack's ending in /api/), and the public key
	// the Discord interactions are signed with.
	Slack, Discord, DiscordKey, PagerDuty string
	// MSTeams is the fake Teams' base URL (teamstest.Server.URL).
	MSTeams string
}

// Render writes the scenario's config for a Redis and fakes: for tests
// that run the bot as a process of its own, and for Start.
func (s Scenario) Render(u Where) string {
	var b strings.Builder
	cal := cmp.Or(s.Calendar, &Office)
	fmt.Fprintf(&b, "timezone: %s\ncalendars:\n  %s:\n    business_hours:\n      - {days: [%s], start: %q, end: %q}\n",
		cmp.Or(s.Timezone, "America/Chicago"), cal.Name, strings.Join(cal.Days, ", "), cal.Start, cal.End)
	fmt.Fprintf(&b, "redis: {%s, prefix: %q}\nteams:\n", u.Redis, u.Prefix)
	for _, team := range s.Teams {
		renderTeam(&b, team)
	}
	renderManagers(&b, s.Managers)
	b.WriteString("services:\n")
	for _, sv := range s.Services {
		host := ""
		if sv.Host != "" {
			host = fmt.Sprintf(", host: %q", sv.Host)
		}
		fmt.Fprintf(&b, "  - {name: %q, owner: %q, ladder: %q, severity: %q%s}\n", sv.Name, sv.Owner, sv.Ladder, sv.Severity, host)
	}
	b.WriteString("ladders:\n")
	for _, l := range s.Ladders {
		renderLadder(&b, cal.Name, l)
	}
	b.WriteString("sources:\n")
	for _, src := range sourcesOrDefault(s.Sources) {
		fmt.Fprintf(&b, "  %s: {%s}\n", src.Name, src.Keys)
	}
	fmt.Fprintf(&b, "api: {token_env: %s}\n", cmp.Or(s.APITokenEnv, "API_TOKEN"))
	s.renderPlatforms(&b, u)
	b.WriteString(s.YAML)
	return b.String()
}

// sourcesOrDefault is srcs, or the generic webhook when there are none.
func sourcesOrDefault(srcs []Source) []Source {
	if len(srcs) == 0 {
		return []Source{{Name: "generic", Keys: "token_env: TOKEN"}}
	}
	return srcs
}

func renderTeam(b *strings.Builder, t Team) {
	fmt.Fprintf(b, "  %s:\n    side: %s\n", t.Name, t.Side)
	if len(t.Scope) > 0 {
		fmt.Fprintf(b, "    scope: [%s]\n", strings.Join(t.Scope, ", "))
	}
	b.WriteString("    members:\n")
	var names []string
	for _, m := range t.Members {
		renderMember(b, "      ", m)
		names = append(names, m.Name)
	}
	if !t.NoRotation {
		fmt.Fprintf(b, "    rotation: {members: [%s], handoff: \"mon 09:00\", every: 168h}\n", strings.Join(names, ", "))
	}
	renderKeys(b, "    ", "slack_channel", t.SlackChannel, "discord_channel", t.DiscordChannel, "slack_rooms", t.SlackRooms,
		"teams_channel", t.TeamsChannel)
	if len(t.Channels) > 0 {
		fmt.Fprintf(b, "    channels: {%s}\n", flowMap(t.Channels))
	}
	if t.PagerDutyKeyEnv != "" {
		fmt.Fprintf(b, "    pagerduty: {routing_key_env: %s", t.PagerDutyKeyEnv)
		if t.PagerDutySchedule != "" {
			fmt.Fprintf(b, ", schedule_id: %s", t.PagerDutySchedule)
		}
		b.WriteString("}\n")
	}
}

func renderManagers(b *strings.Builder, m Team) {
	if len(m.Members) == 0 {
		return
	}
	b.WriteString("managers:\n  members:\n")
	for _, p := range m.Members {
		renderMember(b, "    ", p)
	}
	renderKeys(b, "  ", "slack_channel", m.SlackChannel, "discord_channel", m.DiscordChannel)
}

// renderMember writes one person in flow style, leaving out the accounts
// they do not have.
func renderMember(b *strings.Builder, indent string, m Member) {
	fields := []string{"name: " + m.Name}
	for _, kv := range [][2]string{{"email", m.Email}, {"slack", m.Slack}, {"discord", m.Discord}, {"teams", m.Teams}, {"pagerduty", m.PagerDuty}} {
		if kv[1] != "" {
			fields = append(fields, fmt.Sprintf("%s: %q", kv[0], kv[1]))
		}
	}
	if len(m.Accounts) > 0 {
		fields = append(fields, "accounts: {"+flowMap(m.Accounts)+"}")
	}
	fmt.Fprintf(b, "%s- {%s}\n", indent, strings.Join(fields, ", "))
}

// flowMap writes m's pairs in flow style, sorted by key, values quoted.
func flowMap(m map[string]string) string {
	var kv []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		kv = append(kv, fmt.Sprintf("%s: %q", k, m[k]))
	}
	return strings.Join(kv, ", ")
}

// renderKeys writes each key whose value is set, quoted, one a line.
func renderKeys(b *strings.Builder, indent string, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			fmt.Fprintf(b, "%s%s: %q\n", indent, kv[i], kv[i+1])
		}
	}
}

func renderLadder(b *strings.Builder, calendar string, l Ladder) {
	fmt.Fprintf(b, "  %s:\n    calendar: %s\n", l.Name, calendar)
	if l.Repeat > 0 {
		fmt.Fprintf(b, "    repeat: %d\n", l.Repeat)
	}
	b.WriteString("    steps:\n")
	for _, st := range l.Steps {
		fields := []string{"notify: [" + strings.Join(st.Notify, ", ") + "]"}
		if st.When != "" {
			fields = append(fields, "when: "+st.When)
		}
		if st.Wait != "" {
			fields = append(fields, "wait: "+st.Wait)
		}
		fmt.Fprintf(b, "      - {%s}\n", strings.Join(fields, ", "))
	}
}

// renderPlatforms writes the section of each fake the scenario started.
func (s Scenario) renderPlatforms(b *strings.Builder, u Where) {
	if s.Slack != nil {
		fmt.Fprintf(b, "slack: {bot_token_env: SLACK_BOT_TOKEN, signing_secret_env: SLACK_SIGNING_SECRET, %s api_url: %q}\n",
			s.Slack.Keys, u.Slack)
	}
	if s.Discord != nil {
		keys := s.Discord.Keys
		if !s.Discord.NoPublicKey {
			keys += fmt.Sprintf("public_key: %q, ", u.DiscordKey)
		}
		if !s.Discord.NoCategory {
			keys += fmt.Sprintf("category_id: %q, ", DiscordCategory)
		}
		fmt.Fprintf(b, "discord: {bot_token_env: DISCORD_TOKEN, application_id: %q, guild_id: %q, %s api_url: %q}\n",
			DiscordApp, DiscordGuild, keys, u.Discord)
	}
	if s.MSTeams != nil {
		base := u.MSTeams
		fmt.Fprintf(b, "msteams: {app_id: %q, app_password_env: TEAMS_APP_PASSWORD, tenant_id: %q, %s service_url: %q, openid_url: %q, login_url: %q, graph_url: %q}\n",
			teamstest.AppID, teamstest.Tenant, s.MSTeams.Keys, base+"/", base+"/openid/.well-known/openidconfiguration",
			base+"/login/"+teamstest.Tenant+"/oauth2/v2.0/token", base+"/graph/v1.0")
	}
	switch {
	case s.PagerDuty == nil:
	case s.PagerDuty.EventsOnly:
		fmt.Fprintf(b, "pagerduty: {%s events_url: %q}\n", s.PagerDuty.Keys, u.PagerDuty)
	default:
		fmt.Fprintf(b, "pagerduty:\n  events_url: %q\n  api_url: %q\n  api_token_env: PD_TOKEN\n  webhook_secret_env: PD_HOOKS\n",
			u.PagerDuty, u.PagerDuty)
		if s.PagerDuty.DedupPrefix != "" {
			fmt.Fprintf(b, "  dedup_prefix: %q\n", s.PagerDuty.DedupPrefix)
		}
	}
}
