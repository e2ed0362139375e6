package bottest

import (
	"cmp"
	"fmt"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// Secrets and IDs every scenario uses, so tests sign and authorise with
// the same values the config names.
const (
	SourceToken     = "s3cret"    // bearer token of the generic webhook (env TOKEN)
	APIToken        = "api-token" // bearer token of the API (env API_TOKEN)
	SlackSecret     = "8f742231b10e8888abcd99yyyzzz85a5"
	DiscordToken    = "discord-bot-token"
	DiscordApp      = "900000000000000001"
	DiscordGuild    = "900000000000000002"
	DiscordCategory = "7000"
	PagerDutyToken  = "pd-token"
)

// Scenario describes a whole system for a test: the organisation (teams,
// members, services, ladders, sources), the fakes of the outside world it
// talks to, and how many bots run it. Start writes the config from these
// typed options, so no test fills a YAML template by hand.
type Scenario struct {
	// Timezone is the config's zone (default America/Chicago); Calendar
	// the one calendar every ladder uses (default Office).
	Timezone string
	Calendar *Calendar
	Teams    []Team
	Managers Team // only Members and the chat channels are used
	Services []Service
	Ladders  []Ladder
	// Sources lists the monitoring webhooks; none means the generic one
	// behind the bearer token SourceToken.
	Sources []Source
	// Slack, Discord and PagerDuty start a fake of each platform asked for
	// and configure the bot to use it.
	Slack     *Slack
	Discord   *Discord
	PagerDuty *PagerDuty
	// MSTeams starts a fake Microsoft Teams (its section is msteams:).
	MSTeams *MSTeams
	// YAML is more top-level config, appended as is.
	YAML string
	// Env is more environment for secrets, over the standard ones.
	Env map[string]string
	// Redis is the Redis URL (default: a fresh real Redis for the test);
	// RedisKeys, when set, replaces the url key (a Sentinel's addresses).
	Redis, RedisKeys string
	// APITokenEnv names the API token's env var (default API_TOKEN).
	APITokenEnv string
	// Clock is the bots' clock when the test made it already (to share it
	// with a fault injector); else At starts a Clock there, which runs at
	// real speed and moves when the test advances it; with neither the
	// bots run on the real clock.
	Clock *Clock
	At    time.Time
	// Bots is how many replicas share the Redis and the fakes (default 1).
	Bots int
	// Options are the bots' options; Now is set from the clock.
	Options bot.Options
}

// Team is one team of the config; its rotation is every member in order,
// handing off on Mondays at 09:00.
type Team struct {
	Name       string
	Side       string // internal or msp
	Scope      []string
	Members    []Member
	NoRotation bool // no built-in rotation: the team is paged as a team
	// SlackChannel and DiscordChannel are the team's channels; SlackRooms
	// is the team's slack_rooms mode ("" or "thread").
	SlackChannel   string
	DiscordChannel string
	SlackRooms     string
	TeamsChannel   string // Microsoft Teams channel ID (teams_channel)
	// PagerDutyKeyEnv names the env var of the team's routing key;
	// PagerDutySchedule its on-call schedule.
	PagerDutyKeyEnv   string
	PagerDutySchedule string
	// Channels are more of the team's channels, by platform (channels:).
	Channels map[string]string
}

// Member is a person with an account per platform (empty: none).
type Member struct {
	Name, Email, Slack, Discord, PagerDuty string
	Teams                                  string // AAD object ID or e-mail
	// Accounts are more of the member's accounts, by platform (accounts:).
	Accounts map[string]string
}

// Service is one service of the config.
type Service struct {
	Name, Owner, Ladder, Severity string
	Host                          string // services[].host, when set
}

// Calendar is the business hours of the scenario's one calendar.
type Calendar struct {
	Name       string
	Days       []string
	Start, End string
}

// Office is Chicago's working week, the default calendar.
var Office = Calendar{Name: "office", Days: []string{"mon", "tue", "wed", "thu", "fri"}, Start: "08:00", End: "18:00"}

// Always is a calendar where it is business hours all week round.
var Always = Calendar{Name: "always", Days: []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, Start: "00:00", End: "24:00"}

// Ladder is one ladder on the scenario's calendar; Repeat is how many
// times it runs again after its last step (0: the config's default).
type Ladder struct {
	Name   string
	Repeat int
	Steps  []Step
}

// Step is one ladder step; When is "" (always), business_hours or
// after_hours; Wait "" leaves the wait out (a last step).
type Step struct {
	Notify []string
	When   string
	Wait   string
}

// Source is one monitoring webhook: its name and the YAML keys inside its
// braces, e.g. "token_env: TOKEN, max_new_per_minute: 1000000".
type Source struct {
	Name, Keys string
}

// Slack configures a fake Slack.
type Slack struct {
	Channels map[string]string // ID → name of the workspace's channels
	Keys     string            // more keys of the slack section, each followed by ","
	Before   func(*slacktest.Server)
	Via      Via
}

// Via, when set, gives the base URL the bot uses for a fake at base: a
// proxy in front of it that injects faults.
type Via func(base string) string

func (v Via) url(base string) string {
	if v == nil {
		return base
	}
	return v(base)
}

// Discord configures a fake Discord, whose incidents category is
// DiscordCategory.
type Discord struct {
	Channels    map[string]string // ID → name of the guild's text channels
	Keys        string            // more keys of the discord section, each followed by ","
	NoPublicKey bool              // leave public_key out
	NoCategory  bool              // no incidents category: rooms at the top
	Before      func(*discordtest.Server)
}

// MSTeams configures a fake Microsoft Teams (teamstest): the app's
// credentials are teamstest.AppID and AppPassword (env TEAMS_APP_PASSWORD).
type MSTeams struct {
	Channels map[string]string // ID → name of the team's channels
	Keys     string            // more keys of the msteams section, each followed by ","
	Before   func(*teamstest.Server)
	Via      Via
}

// PagerDuty configures a fake PagerDuty with the API token PagerDutyToken
// and webhook secrets whsec-old and whsec-new.
type PagerDuty struct {
	Before     func(*pagerdutytest.Server)
	Via        Via
	EventsOnly bool   // only events_url: no REST API, no webhooks
	Keys       string // with EventsOnly, more keys, each followed by ","
	// DedupPrefix is pagerduty.dedup_prefix, when set.
	DedupPrefix string
}

// Start starts the scenario: a real Redis, the fakes asked for, and the
// bots, all stopped when the test ends.
func (s Scenario) Start(t testing.TB) *World {
	t.Helper()
	w := &World{Clock: s.Clock}
	if w.Clock == nil && !s.At.IsZero() {
		w.Clock = NewClock(s.At)
	}
	if w.Clock != nil {
		s.Options.Now = w.Clock.Now
	}
	where := w.startFakes(t, s)
	if s.Redis == "" && s.RedisKeys == "" {
		s.Redis = redistest.URL(t)
	}
	w.Prefix = redistest.Prefix(t)
	where.Redis, where.Prefix = cmp.Or(s.RedisKeys, fmt.Sprintf("url: %q", s.Redis)), w.Prefix
	yaml := s.Render(where)
	w.env, w.yaml, w.opt = s.env(), yaml, s.Options
	for range max(s.Bots, 1) {
		w.Bots = append(w.Bots, Start(t, Config(t, yaml, w.env), s.Options))
	}
	w.Bot = w.Bots[0]
	w.connectSenders(s.Options.Now)
	return w
}

// env is the standard secrets, less those the scenario sets itself.
func (s Scenario) env() map[string]string {
	env := map[string]string{"TOKEN": SourceToken, "API_TOKEN": APIToken,
		"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_SIGNING_SECRET": SlackSecret, "SLACK_APP_TOKEN": slacktest.AppToken,
		"DISCORD_TOKEN": DiscordToken, "TEAMS_APP_PASSWORD": teamstest.AppPassword, "PD_TOKEN": PagerDutyToken, "PD_HOOKS": "whsec-old,whsec-new"}
	for k, v := range s.Env {
		env[k] = v
	}
	return env
}

// startFakes starts the platforms s asks for, with their channels.
func (w *World) startFakes(t testing.TB, s Scenario) Where {
	var u Where
	if s.Slack != nil {
		w.Slack = slacktest.New(t)
		for id, name := range s.Slack.Channels {
			w.Slack.AddChannel(id, name)
		}
		if s.Slack.Before != nil {
			s.Slack.Before(w.Slack)
		}
		u.Slack = s.Slack.Via.url(w.Slack.URL) + "/api/"
	}
	if s.Discord != nil {
		w.Discord = discordtest.Start(t, DiscordToken)
		if !s.Discord.NoCategory {
			w.Discord.AddChannel(DiscordCategory, "incidents", discordtest.TypeCategory)
		}
		for id, name := range s.Discord.Channels {
			w.Discord.AddChannel(id, name, discordtest.TypeText)
		}
		if s.Discord.Before != nil {
			s.Discord.Before(w.Discord)
		}
		w.DiscordSend = discordtest.NewSender("", DiscordApp, DiscordGuild)
		u.Discord, u.DiscordKey = w.Discord.APIURL(), w.DiscordSend.PublicKey()
	}
	if s.MSTeams != nil {
		u.MSTeams = w.startTeams(t, s.MSTeams)
	}
	if s.PagerDuty != nil {
		w.PagerDuty = pagerdutytest.New(t)
		w.PagerDuty.Token = PagerDutyToken
		if s.PagerDuty.Before != nil {
			s.PagerDuty.Before(w.PagerDuty)
		}
		u.PagerDuty = s.PagerDuty.Via.url(w.PagerDuty.URL)
	}
	return u
}

// connectSenders points the fake users' senders at the first bot.
func (w *World) connectSenders(now func() time.Time) {
	if w.Slack != nil {
		w.SlackSend = &slacktest.Sender{Server: w.Slack, BotURL: w.URL, Secret: w.env["SLACK_SIGNING_SECRET"], Now: now}
	}
	if w.DiscordSend != nil {
		w.DiscordSend.URL = w.URL + "/discord/interactions"
	}
	if w.MSTeams != nil {
		w.TeamsSend = &teamstest.Sender{Server: w.MSTeams, URL: w.URL + "/teams/messages"}
	}
}
