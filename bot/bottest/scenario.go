package bottest

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
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
	// YAML is more top-level config, appended as is.
	YAML string
	// Env is more environment for secrets (the standard ones are set).
	Env map[string]string
	// At starts a Clock there, which runs at real speed and moves when the
	// test advances it; zero runs the bots on the real clock.
	At time.Time
	// Bots is how many replicas share the Redis and the fakes (default 1).
	Bots int
	// Options are the bots' options; Now is set from At.
	Options bot.Options
}

// Team is one team of the config; its rotation is every member in order,
// handing off on Mondays at 09:00.
type Team struct {
	Name    string
	Side    string // internal or msp
	Scope   []string
	Members []Member
	// SlackChannel and DiscordChannel are the team's channels; SlackRooms
	// is the team's slack_rooms mode ("" or "thread").
	SlackChannel   string
	DiscordChannel string
	SlackRooms     string
	// PagerDutyKeyEnv names the env var of the team's routing key;
	// PagerDutySchedule its on-call schedule.
	PagerDutyKeyEnv   string
	PagerDutySchedule string
}

// Member is a person with an account per platform (empty: none).
type Member struct {
	Name, Email, Slack, Discord, PagerDuty string
}

// Service is one service of the config.
type Service struct {
	Name, Owner, Ladder, Severity string
}

// Ladder is one ladder on the office calendar (weekdays 08:00-18:00).
type Ladder struct {
	Name  string
	Steps []Step
}

// Step is one ladder step; When is "" (always), business_hours or
// after_hours.
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
}

// Discord configures a fake Discord; the incidents category
// DiscordCategory always exists.
type Discord struct {
	Channels    map[string]string // ID → name of the guild's text channels
	Keys        string            // more keys of the discord section, each followed by ","
	NoPublicKey bool              // leave public_key out
	Before      func(*discordtest.Server)
}

// PagerDuty configures a fake PagerDuty with the API token PagerDutyToken
// and webhook secrets whsec-old and whsec-new.
type PagerDuty struct {
	Before func(*pagerdutytest.Server)
}

// Start starts the scenario: a real Redis, the fakes asked for, and the
// bots, all stopped when the test ends.
func (s Scenario) Start(t testing.TB) *World {
	t.Helper()
	w := &World{}
	if !s.At.IsZero() {
		w.Clock = NewClock(s.At)
		s.Options.Now = w.Clock.Now
	}
	urls := w.startFakes(t, s)
	yaml := s.render(redistest.URL(t), redistest.Prefix(t), urls)
	env := map[string]string{"TOKEN": SourceToken, "API_TOKEN": APIToken,
		"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_SIGNING_SECRET": SlackSecret, "SLACK_APP_TOKEN": slacktest.AppToken,
		"DISCORD_TOKEN": DiscordToken, "PD_TOKEN": PagerDutyToken, "PD_HOOKS": "whsec-old,whsec-new"}
	for k, v := range s.Env {
		env[k] = v
	}
	for range max(s.Bots, 1) {
		w.Bots = append(w.Bots, Start(t, Config(t, yaml, env), s.Options))
	}
	w.Bot = w.Bots[0]
	w.connectSenders(s.Options.Now)
	return w
}

// fakeURLs are where the started fakes listen, for the config.
type fakeURLs struct {
	slack, discord, discordKey, pagerduty string
}

// startFakes starts the platforms s asks for, with their channels.
func (w *World) startFakes(t testing.TB, s Scenario) fakeURLs {
	var u fakeURLs
	if s.Slack != nil {
		w.Slack = slacktest.New(t)
		for id, name := range s.Slack.Channels {
			w.Slack.AddChannel(id, name)
		}
		if s.Slack.Before != nil {
			s.Slack.Before(w.Slack)
		}
		u.slack = w.Slack.APIURL()
	}
	if s.Discord != nil {
		w.Discord = discordtest.Start(t, DiscordToken)
		w.Discord.AddChannel(DiscordCategory, "incidents", discordtest.TypeCategory)
		for id, name := range s.Discord.Channels {
			w.Discord.AddChannel(id, name, discordtest.TypeText)
		}
		if s.Discord.Before != nil {
			s.Discord.Before(w.Discord)
		}
		w.DiscordSend = discordtest.NewSender("", DiscordApp, DiscordGuild)
		u.discord, u.discordKey = w.Discord.APIURL(), w.DiscordSend.PublicKey()
	}
	if s.PagerDuty != nil {
		w.PagerDuty = pagerdutytest.New(t)
		w.PagerDuty.Token = PagerDutyToken
		if s.PagerDuty.Before != nil {
			s.PagerDuty.Before(w.PagerDuty)
		}
		u.pagerduty = w.PagerDuty.URL
	}
	return u
}

// connectSenders points the fake users' senders at the first bot.
func (w *World) connectSenders(now func() time.Time) {
	if w.Slack != nil {
		w.SlackSend = &slacktest.Sender{Server: w.Slack, BotURL: w.URL, Secret: SlackSecret, Now: now}
	}
	if w.DiscordSend != nil {
		w.DiscordSend.URL = w.URL + "/discord/interactions"
	}
}
