package setup

import (
	"fmt"
	"strconv"
	"strings"
)

// Secret is one environment variable the config reads, and where to find
// its value.
type Secret struct{ Env, Hint string }

// Config is the commented tandem.yaml for a.
func Config(a Answers) string {
	var b strings.Builder
	b.WriteString(`# Tandem configuration, written by "tandem init". Secrets are never in this file: each
# *_env key names an environment variable (.env.example lists them; *_file reads a file instead).
# Check it with: tandem config check tandem.yaml && tandem doctor --config tandem.yaml
`)
	fmt.Fprintf(&b, "timezone: %s\n", q(a.Timezone))
	fmt.Fprintf(&b, "http: {addr: %s}   # Slack, Alertmanager and Grafana must reach this\n", q(a.Addr))
	fmt.Fprintf(&b, "redis: {url: %s}   # with appendonly yes and maxmemory-policy noeviction\n", q(a.RedisURL))
	writeCalendar(&b, a)
	b.WriteString("teams:\n")
	writeTeam(&b, a.Internal, "internal", a)
	writeTeam(&b, a.MSP, "msp", a)
	fmt.Fprintf(&b, `services:
  # Alerts whose service label names no service here go to the first one.
  - {name: default, owner: %s, ladder: standard, severity: sev3}
ladders:
  standard:
    calendar: office
    repeat: 1                       # one more pass over the steps when nobody acknowledges
    steps:
      - {notify: [%s], when: business_hours, wait: 10m}
      - {notify: [%s], when: after_hours, wait: 15m}
      - {notify: [%s, %s], wait: 15m}
`, a.Internal.Name, a.Internal.Name, a.MSP.Name, a.MSP.Name, a.Internal.Name)
	b.WriteString(`sources:
  alertmanager: {token_env: TANDEM_ALERTMANAGER_TOKEN}   # POST /webhooks/alertmanager
  grafana: {token_env: TANDEM_GRAFANA_TOKEN}             # POST /webhooks/grafana
`)
	writeChats(&b, a)
	if a.Internal.PagerDuty || a.MSP.PagerDuty {
		writePagerDuty(&b, a)
	}
	return b.String()
}

func writeCalendar(b *strings.Builder, a Answers) {
	fmt.Fprintf(b, `calendars:
  office:                           # business hours: the internal team first; after hours: the MSP
    business_hours:
      - {days: [%s], start: %s, end: %s}
`, strings.Join(a.Days, ", "), q(a.Start), q(a.End))
	if len(a.Holidays) == 0 {
		b.WriteString("    holidays: []                    # YYYY-MM-DD; a holiday is after hours all day\n")
		return
	}
	quoted := make([]string, len(a.Holidays))
	for i, h := range a.Holidays {
		quoted[i] = q(h)
	}
	fmt.Fprintf(b, "    holidays: [%s]\n", strings.Join(quoted, ", "))
}

func writeTeam(b *strings.Builder, t Team, side string, a Answers) {
	fmt.Fprintf(b, "  %s:\n    side: %s\n", t.Name, side)
	if side == "msp" {
		b.WriteString("    scope: [default]                # services the MSP may see and act on\n")
	}
	b.WriteString("    members:                        # add slack: U… / discord: … IDs, or keep e-mails\n")
	names := make([]string, len(t.People))
	for i, p := range t.People {
		names[i] = q(p.Name)
		fmt.Fprintf(b, "      - {name: %s, email: %s}\n", q(p.Name), q(p.Email))
	}
	fmt.Fprintf(b, "    rotation: {members: [%s], handoff: \"mon 09:00\", every: 168h}   # built-in on-call\n", strings.Join(names, ", "))
	if t.PagerDuty {
		fmt.Fprintf(b, "    pagerduty: {routing_key_env: %s}   # the service's Events API v2 integration key\n", pdEnv(t.Name))
	}
	if t.Channel != "" && a.Uses("slack") {
		fmt.Fprintf(b, "    slack_channel: %s   # Tandem links each incident here\n", q(t.Channel))
	}
}

func writeChats(b *strings.Builder, a Answers) {
	if a.Uses("slack") {
		fmt.Fprintf(b, `slack:
  bot_token_env: TANDEM_SLACK_BOT_TOKEN
  signing_secret_env: TANDEM_SLACK_SIGNING_SECRET
  # app_token_env: TANDEM_SLACK_APP_TOKEN   # Socket Mode, for a Tandem Slack cannot reach
  api_url: %s
`, q(a.SlackAPIURL))
	}
	if !a.Uses("discord") {
		return
	}
	comment := ""
	if a.DiscordAppID == "" || a.DiscordPublicKey == "" || a.DiscordGuildID == "" {
		b.WriteString("# Fill in application_id, public_key (General Information) and guild_id, then uncomment:\n")
		comment = "# "
	}
	fmt.Fprintf(b, "%sdiscord:\n%s  bot_token_env: TANDEM_DISCORD_BOT_TOKEN\n%s  application_id: %s\n%s  public_key: %s\n%s  guild_id: %s\n",
		comment, comment, comment, q(a.DiscordAppID), comment, q(a.DiscordPublicKey), comment, q(a.DiscordGuildID))
}

// Secrets are the environment variables Config's file reads.
func Secrets(a Answers) []Secret {
	var out []Secret
	if a.Uses("slack") {
		out = append(out, Secret{"TANDEM_SLACK_BOT_TOKEN", "Slack app → OAuth & Permissions → Bot User OAuth Token (xoxb-…)"},
			Secret{"TANDEM_SLACK_SIGNING_SECRET", "Slack app → Basic Information → Signing Secret"})
	}
	if a.Uses("discord") {
		out = append(out, Secret{"TANDEM_DISCORD_BOT_TOKEN", "Discord Developer Portal → your application → Bot → Reset Token"})
	}
	for _, t := range []Team{a.Internal, a.MSP} {
		if t.PagerDuty {
			out = append(out, Secret{pdEnv(t.Name), "PagerDuty → " + t.Name + "'s service → Integrations → Events API v2 → Integration Key"})
		}
	}
	return append(out, Secret{"TANDEM_ALERTMANAGER_TOKEN", "any long random string (openssl rand -hex 32); Alertmanager sends it"},
		Secret{"TANDEM_GRAFANA_TOKEN", "any long random string (openssl rand -hex 32); Grafana's contact point sends it"})
}

// EnvExample is the .env.example for a: every secret, empty, with where
// its value comes from.
func EnvExample(a Answers) string {
	var b strings.Builder
	b.WriteString("# Secrets read by tandem.yaml (written by tandem init). Copy to .env, fill in, never commit .env.\n")
	for _, s := range Secrets(a) {
		fmt.Fprintf(&b, "\n# %s\n%s=\n", s.Hint, s.Env)
	}
	return b.String()
}

// pdEnv is the variable holding team's routing key: TANDEM_PD_ACME_IT.
func pdEnv(team string) string {
	return "TANDEM_PD_" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			return r
		}
		return '_'
	}, team)
}

func q(s string) string { return strconv.Quote(s) }

// writePagerDuty writes the pagerduty section: the Events API root and, when
// init drew one, this deployment's own dedup prefix.
func writePagerDuty(b *strings.Builder, a Answers) {
	b.WriteString("pagerduty:\n")
	fmt.Fprintf(b, "  events_url: %s   # \"\" is PagerDuty's own\n", q(a.PagerDutyURL))
	if a.DedupPrefix != "" {
		fmt.Fprintf(b, "  dedup_prefix: %s   # this deployment's own dedup keys: another Tandem paging the same service never merges with it\n", q(a.DedupPrefix))
	}
}
