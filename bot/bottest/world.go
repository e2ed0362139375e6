package bottest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
)

// wait is how long the helpers wait for the bot to do something.
const wait = 10 * time.Second

// World is a started Scenario: its bots and the fakes around them. The
// helpers act on the first bot.
type World struct {
	*Bot        // the first bot
	Bots []*Bot // every replica
	// Clock is the bots' clock; nil when they run on the real one.
	Clock *Clock
	// The fakes the scenario asked for (nil otherwise), and senders that
	// play their users, signed as the bot expects.
	Slack       *slacktest.Server
	SlackSend   *slacktest.Sender
	Discord     *discordtest.Server
	DiscordSend *discordtest.Sender
	PagerDuty   *pagerdutytest.Server
	MSTeams     *teamstest.Server
	TeamsSend   *teamstest.Sender
	// Prefix is the bots' Redis key prefix.
	Prefix string
	env    map[string]string // the bots' secrets
	yaml   string            // the bots' config
	opt    bot.Options
}

// StartAnother starts one more bot on the world's config, Redis and fakes
// (after stopping one, it is that bot restarted) and returns it.
func (w *World) StartAnother(t testing.TB) *Bot {
	t.Helper()
	b := Start(t, Config(t, w.yaml, w.env), w.opt)
	w.Bots = append(w.Bots, b)
	return b
}

// Alert posts a generic event to the first bot and returns the incident it
// opened or updated.
func (w *World) Alert(t testing.TB, body string) string {
	t.Helper()
	code, resp := Do(t, "POST", w.URL+"/webhooks/generic", body,
		map[string]string{"Authorization": "Bearer " + w.env["TOKEN"], "Content-Type": "application/json"})
	if code != 202 {
		t.Fatalf("webhook: %d %s", code, resp)
	}
	var out struct{ Incidents []string }
	if err := json.Unmarshal([]byte(resp), &out); err != nil || len(out.Incidents) == 0 {
		t.Fatalf("webhook answer %s: %v", resp, err)
	}
	return out.Incidents[0]
}

// Timeline reads an incident's timeline through the API.
func (w *World) Timeline(t testing.TB, id string) []incident.Event {
	t.Helper()
	code, body := Do(t, "GET", w.URL+"/api/v1/incidents/"+id, "", map[string]string{"Authorization": "Bearer " + w.env["API_TOKEN"]})
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

// Say types a command in the console as user and returns the answer.
func (w *World) Say(user, text string) chat.Response {
	return w.Service().Handle(context.Background(), chat.Request{Platform: "console", User: user, Text: text})
}

// WaitOut waits until the console shows text.
func (w *World) WaitOut(t testing.TB, text string) {
	t.Helper()
	Eventually(t, wait, func() bool { return strings.Contains(w.Out.String(), text) },
		"the room shows %q:\n%s", text, w.Out.String())
}

// SlackRoom waits for a Slack channel named prefix… and returns it.
func (w *World) SlackRoom(t testing.TB, prefix string) slacktest.Channel {
	t.Helper()
	var room slacktest.Channel
	Eventually(t, wait, func() bool {
		for _, ch := range w.Slack.Channels() {
			if strings.HasPrefix(ch.Name, prefix) {
				room = ch
				return true
			}
		}
		return false
	}, "no room named %s…", prefix)
	return room
}

// SlackCard waits for the Slack channel's first message, the incident
// card, and returns it.
func (w *World) SlackCard(t testing.TB, channel string) slacktest.Message {
	t.Helper()
	var card slacktest.Message
	Eventually(t, wait, func() bool {
		if msgs := w.Slack.Messages(channel); len(msgs) > 0 {
			card = msgs[0]
		}
		return card.Blocks != ""
	}, "no card in %s", channel)
	return card
}

// DiscordRoom waits for the first Discord channel the bot created.
func (w *World) DiscordRoom(t testing.TB) discordtest.Channel {
	t.Helper()
	var room discordtest.Channel
	Eventually(t, wait, func() bool {
		chs := w.Discord.Channels()
		if len(chs) > 0 {
			room = chs[0]
		}
		return len(chs) > 0
	}, "no Discord channel created")
	return room
}

// DiscordCard waits for the Discord channel's card (its first message
// with an embed) and returns it.
func (w *World) DiscordCard(t testing.TB, channel string) discordtest.Message {
	t.Helper()
	var card discordtest.Message
	Eventually(t, wait, func() bool {
		for _, m := range w.Discord.Messages(channel) {
			if len(m.Embeds) > 0 {
				card = m
				return true
			}
		}
		return false
	}, "no card in Discord channel %s", channel)
	return card
}

// DiscordMessage returns the Discord channel's message id, or a zero one.
func (w *World) DiscordMessage(channel, id string) discordtest.Message {
	for _, m := range w.Discord.Messages(channel) {
		if m.ID == id {
			return m
		}
	}
	return discordtest.Message{}
}

// CountDiscord counts the Discord channel's messages containing text.
func (w *World) CountDiscord(channel, text string) int {
	n := 0
	for _, m := range w.Discord.Messages(channel) {
		if strings.Contains(m.Content, text) {
			n++
		}
	}
	return n
}
