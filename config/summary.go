package config

import (
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Summary writes a human summary of the config for `tandem config check`: time zone, store,
// calendars, teams with side and members, services, ladders with their steps, and which
// integrations are configured. Secrets are shown only as "set" or "not set", and a Redis URL
// with its password redacted.
func (c *Config) Summary(w io.Writer) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p("Time zone: %s", c.Timezone)
	p("HTTP: %s", c.HTTP.Addr)
	p("Store: %s", c.Redis.describe())
	c.summaryCalendars(p)
	c.summaryTeams(p)
	c.summaryServices(p)
	c.summaryLadders(p)
	p("Reminders: unacked every %s, updates every %s", c.Reminders.UnackedEvery, c.Reminders.UpdateEvery)
	c.summarySLA(p)
	c.summaryIntegrations(p)
	c.summarySections(p)
	p("Retention: %s", c.Retention.describe())
	p("Maintenance: %s", c.Maintenance.describe(c.Alertmanager))
	p("Audit: %s", c.Audit.describe())
}

type printer func(format string, args ...any)

func (r Redis) describe() string {
	switch {
	case r.Embedded():
		return "embedded (no redis.url; for the demo and trials only)"
	case r.URL != "":
		u := "(unparsable URL)"
		if pu, err := url.Parse(r.URL); err == nil {
			u = pu.Redacted() // a URL may carry a password
		}
		return fmt.Sprintf("redis %s (prefix %q%s)", u, r.Prefix, r.password())
	case len(r.ClusterAddrs) > 0:
		return fmt.Sprintf("redis cluster at %s (prefix %q%s)", strings.Join(r.ClusterAddrs, ", "), r.Prefix, r.password())
	default:
		return fmt.Sprintf("redis sentinel master %q at %s (prefix %q%s)",
			r.SentinelMaster, strings.Join(r.SentinelAddrs, ", "), r.Prefix, r.password())
	}
}

func (r Redis) password() string {
	if !r.Password.Declared() {
		return ""
	}
	return ", password " + setOrNot(r.Password)
}

func setOrNot(s Secret) string {
	if s.IsSet() {
		return "set"
	}
	return "not set"
}

func (c *Config) summaryCalendars(p printer) {
	p("Calendars:")
	for _, name := range sortedKeys(c.Calendars) {
		cal := c.Calendars[name]
		var spans []string
		for _, s := range cal.BusinessHours {
			spans = append(spans, s.describe())
		}
		hours := "none (always after hours)"
		if len(spans) > 0 {
			hours = strings.Join(spans, ", ")
		}
		p("  %s: %s; business hours %s; %d holidays", name, cal.Timezone, hours, len(cal.Holidays))
	}
}

func (s Span) describe() string {
	d := fmt.Sprintf("%s %s-%s", describeDays(s.Days), s.Start, s.End)
	if s.EndMin < s.StartMin {
		d += " (crosses midnight)"
	}
	return d
}

// describeDays writes days Monday first, with runs of three or more as "mon-fri".
func describeDays(days []time.Weekday) string {
	var idx []int // 0 = Monday ... 6 = Sunday
	for _, d := range days {
		idx = append(idx, (int(d)+6)%7)
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	name := func(i int) string { return strings.ToLower(time.Weekday((i + 1) % 7).String()[:3]) }
	var parts []string
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if j-i >= 2 {
			parts = append(parts, name(idx[i])+"-"+name(idx[j]))
		} else {
			for k := i; k <= j; k++ {
				parts = append(parts, name(idx[k]))
			}
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

func (c *Config) summaryTeams(p printer) {
	p("Teams:")
	for _, name := range sortedKeys(c.Teams) {
		t := c.Teams[name]
		parts := []string{fmt.Sprintf("%s, %s", t.Side, plural(len(t.Members), "member"))}
		if r := t.Rotation; r != nil {
			parts = append(parts, fmt.Sprintf("rotation %s (hand-off %s every %s)", strings.Join(r.Members, ", "), r.Handoff, r.Every))
		}
		if len(t.Scope) > 0 {
			parts = append(parts, "scope "+strings.Join(t.Scope, ", "))
		}
		parts = append(parts, channels(t.Channels)...)
		if t.PagerDuty != nil {
			parts = append(parts, "pagerduty routing key "+setOrNot(t.PagerDuty.RoutingKey))
		}
		p("  %s: %s", name, strings.Join(parts, "; "))
	}
	m := c.Managers
	var names []string
	for _, mm := range m.Members {
		names = append(names, mm.Name)
	}
	parts := append([]string{plural(len(names), "member")}, channels(m.Channels)...)
	if len(names) > 0 {
		parts[0] += " (" + strings.Join(names, ", ") + ")"
	}
	p("Managers: %s", strings.Join(parts, "; "))
}

// channels lists a team's channels, "slack C01OPS", by platform name.
func channels(ch map[string]string) []string {
	var out []string
	for _, platform := range sortedKeys(ch) {
		out = append(out, platform+" "+ch[platform])
	}
	return out
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func (c *Config) summaryServices(p printer) {
	p("Services:")
	for _, s := range c.Services {
		p("  %s: owner %s, ladder %s, default %s", s.Name, s.Owner, s.Ladder, s.Severity)
	}
}

func (c *Config) summaryLadders(p printer) {
	p("Ladders:")
	for _, name := range sortedKeys(c.Ladders) {
		l := c.Ladders[name]
		p("  %s: calendar %s, repeat %d", name, l.Calendar, l.Repeat)
		for i, s := range l.Steps {
			var cond []string
			if s.When != "" {
				cond = append(cond, strings.ReplaceAll(s.When, "_", " "))
			}
			if s.MinSeverity != "" {
				cond = append(cond, s.MinSeverity+" and above")
			}
			line := fmt.Sprintf("    %d. %s", i+1, strings.Join(s.Notify, ", "))
			if len(cond) > 0 {
				line += " (" + strings.Join(cond, ", ") + ")"
			}
			if s.Wait > 0 {
				line += ", then wait " + s.Wait.String()
			}
			p("%s", line)
		}
	}
}

func (c *Config) summarySLA(p printer) {
	var parts []string
	for _, sev := range sortedKeys(c.SLA) {
		parts = append(parts, fmt.Sprintf("%s ack %s / resolve %s", sev, orNone(c.SLA[sev].Ack), orNone(c.SLA[sev].Resolve)))
	}
	if len(parts) == 0 {
		parts = []string{"none"}
	}
	p("SLA: %s", strings.Join(parts, "; "))
	handoff := onOff(c.Reports.Handoff)
	if c.Reports.Handoff && c.Reports.HandoffEmpty {
		handoff += " (also to teams with nothing open)"
	}
	p("Reports: weekly %s; monthly review %s; hand-overs %s", cronOrOff(c.Reports.Weekly), cronOrOff(c.Reports.Monthly), handoff)
}

// cronOrOff is a schedule as config check shows it: the spec quoted, or off.
func cronOrOff(spec string) string {
	if spec == "" {
		return "off"
	}
	return fmt.Sprintf("%q", spec)
}

func orNone(d Duration) string {
	if d == 0 {
		return "-"
	}
	return d.String()
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func (c *Config) summaryIntegrations(p printer) {
	p("Sources:")
	for _, ns := range c.Sources.list() {
		s := ns.src
		if s == nil {
			p("  %s: not configured (not mounted)", ns.name)
			continue
		}
		p("  %s: token %s, hmac secret %s; auto-resolve %s, reopen within %s, max %d alerts an incident, storm past %d new groups a minute",
			ns.name, setOrNot(s.Token), setOrNot(s.HMACSecret), onOff(s.AutoResolveOn()), s.ReopenWithin, s.MaxAlerts, s.MaxNewPerMinute)
	}
	if s := c.Slack; s.Configured() {
		p("Slack: bot token %s, signing secret %s, app token %s%s", setOrNot(s.BotToken),
			setOrNot(s.SigningSecret), setOrNot(s.AppToken), override(s.APIURL))
	} else {
		p("Slack: not configured")
	}
	if d := c.Discord; d.Configured() {
		p("Discord: bot token %s, public key %s, application %s, guild %s%s", setOrNot(d.BotToken),
			given(d.PublicKey), given(d.ApplicationID), given(d.GuildID), override(d.APIURL))
	} else {
		p("Discord: not configured")
	}
	if pd := c.PagerDuty; pd.Configured() {
		n := 0
		for _, s := range pd.WebhookSecrets {
			if s.IsSet() {
				n++
			}
		}
		p("PagerDuty: api token %s, %s set%s%s", setOrNot(pd.APIToken), plural(n, "webhook secret"),
			override(pd.EventsURL), override(pd.APIURL))
	} else {
		p("PagerDuty: not configured")
	}
	if c.API.Token.IsSet() {
		p("API: token set")
	} else {
		p("API: token not set (not mounted)")
	}
	if c.Metrics.Token.IsSet() {
		p("Metrics: token set (scrapes send Authorization: Bearer)")
	} else {
		p("Metrics: open to anyone who can reach the port (metrics.token_env protects them)")
	}
}

func given(s string) string {
	if s == "" {
		return "not set"
	}
	return "set"
}

func override(u string) string {
	if u == "" {
		return ""
	}
	if pu, err := url.Parse(u); err == nil {
		u = pu.Redacted() // a proxy URL may carry a password
	}
	return ", base URL " + u
}
