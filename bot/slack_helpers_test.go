package bot_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

const slackSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// slackYAML is a two-sided setup on Slack: Acme IT (internal) and an MSP
// NOC whose scope is the network only; every person has a Slack ID and
// every team a Slack channel.
const slackYAML = `
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
    scope: [network]
    members:
      - {name: Nora, slack: U02NORA}
    rotation: {members: [Nora], handoff: "mon 09:00", every: 168h}
    slack_channel: C02NOC
managers:
  members:
    - {name: Maria, slack: U01MARIA}
  slack_channel: C01MGRS
services:
  - {name: database, owner: acme-it, ladder: standard, severity: sev2}
  - {name: network, owner: noc, ladder: standard, severity: sev3}
ladders:
  standard:
    calendar: office
    steps:
      - {notify: [acme-it], when: business_hours, wait: 10m}
      - {notify: [noc], when: after_hours, wait: 10m}
      - {notify: [noc, acme-it], wait: 10m}
sources:
  generic: {token_env: TOKEN}
slack: {bot_token_env: SLACK_BOT_TOKEN, signing_secret_env: SLACK_SIGNING_SECRET, EXTRA api_url: "API_URL"}
api: {token_env: API_TOKEN}
`

// slackEnv is a bot on real Redis talking to a fake Slack.
type slackEnv struct {
	b     *bottest.Bot
	fake  *slacktest.Server
	send  *slacktest.Sender
	clock *bottest.Clock // nil: the bot runs on the real clock
}

type slackSetup struct {
	realClock bool // for tests that measure real delays (Retry-After)
	appToken  bool // Socket Mode
	before    func(*slacktest.Server)
	yaml      string // more top-level config
	slackKeys string // more keys of the slack section, each followed by ","
}

func startSlack(t *testing.T, setup slackSetup) *slackEnv {
	t.Helper()
	fake := slacktest.New(t)
	for id, name := range map[string]string{"C01OPS": "acme-it", "C02NOC": "noc", "C01MGRS": "managers"} {
		fake.AddChannel(id, name)
	}
	if setup.before != nil {
		setup.before(fake)
	}
	extra := setup.slackKeys
	if setup.appToken {
		extra += "app_token_env: SLACK_APP_TOKEN,"
	}
	yaml := strings.NewReplacer("REDIS", redistest.URL(t), "PREFIX", redistest.Prefix(t), "API_URL", fake.APIURL(),
		"EXTRA", extra).Replace(slackYAML) + setup.yaml
	env := map[string]string{"TOKEN": "s3cret", "API_TOKEN": "api-token", "SLACK_BOT_TOKEN": slacktest.BotToken,
		"SLACK_SIGNING_SECRET": slackSecret, "SLACK_APP_TOKEN": slacktest.AppToken}
	e := &slackEnv{fake: fake}
	opt := bot.Options{}
	if !setup.realClock {
		e.clock = bottest.NewClock(tuesday10)
		opt.Now = e.clock.Now
	}
	e.b = bottest.Start(t, bottest.Config(t, yaml, env), opt)
	e.send = &slacktest.Sender{Server: fake, BotURL: e.b.URL, Secret: slackSecret, Now: opt.Now}
	return e
}

// alert fires the disk alert and returns its incident.
func (e *slackEnv) alert(t *testing.T, body string) string {
	t.Helper()
	code, resp := bottest.Do(t, "POST", e.b.URL+"/webhooks/generic", body, auth)
	if code != 202 {
		t.Fatalf("webhook: %d %s", code, resp)
	}
	var out struct{ Incidents []string }
	json.Unmarshal([]byte(resp), &out)
	return out.Incidents[0]
}

// room waits for the incident's channel and returns it.
func (e *slackEnv) room(t *testing.T, prefix string) slacktest.Channel {
	t.Helper()
	var room slacktest.Channel
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, ch := range e.fake.Channels() {
			if strings.HasPrefix(ch.Name, prefix) {
				room = ch
				return true
			}
		}
		return false
	}, "no room named %s…", prefix)
	return room
}

// card is the room's first message: the incident card.
func (e *slackEnv) card(t *testing.T, channel string) slacktest.Message {
	t.Helper()
	var card slacktest.Message
	bottest.Eventually(t, 10*time.Second, func() bool {
		msgs := e.fake.Messages(channel)
		if len(msgs) > 0 {
			card = msgs[0]
		}
		return card.Blocks != ""
	}, "no card in %s", channel)
	return card
}

// timeline reads an incident's timeline through the API.
func (e *slackEnv) timeline(t *testing.T, id string) []incident.Event {
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

func eventKinds(events []incident.Event) string {
	var out []string
	for _, e := range events {
		out = append(out, string(e.Kind))
	}
	return strings.Join(out, ",")
}

// waitAnswer waits for the first answer to a request (its HTTP body or a
// response_url post).
func waitAnswer(t *testing.T, r slacktest.Reply) slacktest.Answer {
	t.Helper()
	bottest.Eventually(t, 10*time.Second, func() bool { return len(r.Answers()) > 0 }, "no answer (HTTP %d %q)", r.Status, r.Body)
	return r.Answers()[0]
}

// entryText is how a timeline entry reads in the room, less its time.
func entryText(e incident.Event) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(chat.DescribeEvent(e))
}

// buttons returns the action_id → value of a card's buttons.
func buttons(t *testing.T, blocks string) map[string]string {
	t.Helper()
	var bs []struct {
		Type     string `json:"type"`
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal([]byte(blocks), &bs); err != nil {
		t.Fatalf("card blocks: %v", err)
	}
	out := map[string]string{}
	for _, b := range bs {
		if b.Type == "actions" {
			for _, el := range b.Elements {
				out[el.ActionID] = el.Value
			}
		}
	}
	return out
}
