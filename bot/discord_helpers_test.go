package bot_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

const (
	discordToken    = "discord-bot-token"
	discordApp      = "900000000000000001"
	discordGuild    = "900000000000000002"
	discordCategory = "7000"
	nocChannel      = "2222"
	mirrorSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
)

// chatsYAML: Acme's internal IT on Slack, its MSP's desk on Discord. The
// SLACK line is replaced by the Slack config, or removed.
const chatsYAML = `
timezone: America/Chicago
redis: {url: "REDIS", prefix: "PREFIX"}
calendars:
  office:
    business_hours:
      - {days: [mon, tue, wed, thu, fri], start: "08:00", end: "18:00"}
teams:
  acme-it:
    side: internal
    members:
      - {name: Alice, slack: U01ALICE}
      - {name: Bob, slack: U01BOB}
    rotation: {members: [Alice, Bob], handoff: "mon 09:00", every: 168h}
    slack_channel: C01OPS
  noc:
    side: msp
    scope: [database, network]
    members:
      - {name: Nora, discord: "333"}
      - {name: Omar, discord: "444"}
    rotation: {members: [Nora, Omar], handoff: "mon 09:00", every: 168h}
    discord_channel: "2222"
managers:
  members:
    - {name: Maria, slack: U01MARIA}
services:
  - {name: database, owner: acme-it, ladder: standard, severity: sev2}
ladders:
  standard:
    calendar: office
    steps:
      - {notify: [acme-it], when: business_hours, wait: 10m}
      - {notify: [noc], when: after_hours, wait: 10m}
      - {notify: [noc, acme-it], wait: 10m}
sources:
  generic: {token_env: TOKEN}
api: {token_env: API_TOKEN}
discord: {bot_token_env: DISCORD_TOKEN, public_key: "PUBKEY", application_id: "APP", guild_id: "GUILD", category_id: "CATEGORY", api_url: "DISCORD_URL"}
SLACK
`

var (
	nora  = discordtest.User{ID: "333", Username: "nora", GlobalName: "Nora"}
	omar  = discordtest.User{ID: "444", Username: "omar"}
	night = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) // Tuesday 03:00 in Chicago: after hours
)

// chatsEnv is a bot on real Redis with a fake Discord, and a fake Slack
// when mirrored.
type chatsEnv struct {
	b       *bottest.Bot
	discord *discordtest.Server
	sender  *discordtest.Sender
	slack   *slacktest.Server
	slackTo *slacktest.Sender
}

type chatsSetup struct {
	slack bool
	// at starts the bot's clock, which then runs at real speed, so retries
	// and waits come due; zero: the real clock.
	at     time.Time
	before func(*discordtest.Server)
	// noPublicKey leaves discord.public_key out.
	noPublicKey bool
	yaml        string // more top-level config
}

func startChats(t *testing.T, setup chatsSetup) *chatsEnv {
	t.Helper()
	e := &chatsEnv{discord: discordtest.Start(t, discordToken)}
	e.discord.AddChannel(discordCategory, "incidents", discordtest.TypeCategory)
	e.discord.AddChannel(nocChannel, "noc-desk", discordtest.TypeText)
	if setup.before != nil {
		setup.before(e.discord)
	}
	e.sender = discordtest.NewSender("", discordApp, discordGuild)
	slackCfg := ""
	if setup.slack {
		e.slack = slacktest.New(t)
		for id, name := range map[string]string{"C01OPS": "acme-it", "C01MGRS": "managers"} {
			e.slack.AddChannel(id, name)
		}
		slackCfg = `slack: {bot_token_env: SLACK_BOT_TOKEN, signing_secret_env: SLACK_SIGNING_SECRET, api_url: "` + e.slack.APIURL() + `"}`
	}
	yaml := chatsYAML
	if setup.noPublicKey {
		yaml = strings.Replace(yaml, `public_key: "PUBKEY", `, "", 1)
	}
	yaml = strings.NewReplacer("REDIS", redistest.URL(t), "PREFIX", redistest.Prefix(t), "PUBKEY", e.sender.PublicKey(),
		"APP", discordApp, "GUILD", discordGuild, "CATEGORY", discordCategory, "DISCORD_URL", e.discord.APIURL(),
		"SLACK", slackCfg).Replace(yaml) + setup.yaml
	env := map[string]string{"TOKEN": "s3cret", "API_TOKEN": "api-token", "DISCORD_TOKEN": discordToken,
		"SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_SIGNING_SECRET": mirrorSecret}
	opt := bot.Options{}
	if !setup.at.IsZero() {
		opt.Now = runningClock(setup.at)
	}
	e.b = bottest.Start(t, bottest.Config(t, yaml, env), opt)
	e.sender.URL = e.b.URL + "/discord/interactions"
	if setup.slack {
		e.slackTo = &slacktest.Sender{Server: e.slack, BotURL: e.b.URL, Secret: mirrorSecret, Now: opt.Now}
	}
	return e
}

// runningClock starts at t and runs at real speed.
func runningClock(t time.Time) func() time.Time {
	start := time.Now()
	return func() time.Time { return t.Add(time.Since(start)) }
}

func (e *chatsEnv) alert(t *testing.T) string {
	t.Helper()
	code, resp := bottest.Do(t, "POST", e.b.URL+"/webhooks/generic", diskAlert, auth)
	if code != 202 {
		t.Fatalf("webhook: %d %s", code, resp)
	}
	var out struct{ Incidents []string }
	json.Unmarshal([]byte(resp), &out)
	return out.Incidents[0]
}

// discordRoom waits for the incident's Discord channel.
func (e *chatsEnv) discordRoom(t *testing.T) discordtest.Channel {
	t.Helper()
	var room discordtest.Channel
	bottest.Eventually(t, 10*time.Second, func() bool {
		chs := e.discord.Channels()
		if len(chs) > 0 {
			room = chs[0]
		}
		return len(chs) > 0
	}, "no Discord channel created")
	return room
}

// discordCard waits for the room's card and returns it.
func (e *chatsEnv) discordCard(t *testing.T, channel string) discordtest.Message {
	t.Helper()
	var card discordtest.Message
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, m := range e.discord.Messages(channel) {
			if len(m.Embeds) > 0 {
				card = m
				return true
			}
		}
		return false
	}, "no card in Discord channel %s", channel)
	return card
}

func (e *chatsEnv) discordMessage(channel, id string) discordtest.Message {
	for _, m := range e.discord.Messages(channel) {
		if m.ID == id {
			return m
		}
	}
	return discordtest.Message{}
}

// countDiscord counts the channel's messages containing text.
func (e *chatsEnv) countDiscord(channel, text string) int {
	n := 0
	for _, m := range e.discord.Messages(channel) {
		if strings.Contains(m.Content, text) {
			n++
		}
	}
	return n
}

// timeline reads an incident's timeline through the API.
func (e *chatsEnv) timeline(t *testing.T, id string) []incident.Event {
	t.Helper()
	code, body := bottest.Do(t, "GET", e.b.URL+"/api/v1/incidents/"+id, "", map[string]string{"Authorization": "Bearer api-token"})
	if code != 200 {
		t.Fatalf("GET %s: %d %s", id, code, body)
	}
	var inc struct {
		Timeline []incident.Event `json:"timeline"`
	}
	if err := json.Unmarshal([]byte(body), &inc); err != nil {
		t.Fatal(err)
	}
	return inc.Timeline
}

func eventsOf(events []incident.Event, kind incident.Kind) []incident.Event {
	var out []incident.Event
	for _, e := range events {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}
