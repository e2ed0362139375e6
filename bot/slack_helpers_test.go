package bot_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

const slackSecret = bottest.SlackSecret

// acme is Acme IT (internal) and an MSP NOC whose scope is the network
// only; every person has a Slack ID and every team a Slack channel.
func acme() bottest.Scenario {
	return bottest.Scenario{
		Teams: []bottest.Team{
			{Name: "acme-it", Side: "internal", SlackChannel: "C01OPS",
				Members: []bottest.Member{{Name: "Alice", Slack: "U01ALICE"}, {Name: "Bob", Slack: "U01BOB"}}},
			{Name: "noc", Side: "msp", Scope: []string{"network"}, SlackChannel: "C02NOC",
				Members: []bottest.Member{{Name: "Nora", Slack: "U02NORA"}}},
		},
		Managers: bottest.Team{SlackChannel: "C01MGRS", Members: []bottest.Member{{Name: "Maria", Slack: "U01MARIA"}}},
		Services: []bottest.Service{{Name: "database", Owner: "acme-it", Ladder: "standard", Severity: "sev2"},
			{Name: "network", Owner: "noc", Ladder: "standard", Severity: "sev3"}},
		Ladders: []bottest.Ladder{standardLadder},
	}
}

// standardLadder pages the internal team by day, the MSP at night, then
// both.
var standardLadder = bottest.Ladder{Name: "standard", Steps: []bottest.Step{
	{Notify: []string{"acme-it"}, When: "business_hours", Wait: "10m"},
	{Notify: []string{"noc"}, When: "after_hours", Wait: "10m"},
	{Notify: []string{"noc", "acme-it"}, Wait: "10m"},
}}

type slackSetup struct {
	realClock bool // for tests that measure real delays (Retry-After)
	appToken  bool // Socket Mode
	before    func(*slacktest.Server)
	yaml      string // more top-level config
	slackKeys string // more keys of the slack section, each followed by ","
}

// slackScenario is acme on a fake Slack at Tuesday 10:00, before setup.
func slackScenario() bottest.Scenario {
	sc := acme()
	sc.Slack = &bottest.Slack{Channels: map[string]string{"C01OPS": "acme-it", "C02NOC": "noc", "C01MGRS": "managers"}}
	sc.At = tuesday10
	return sc
}

func startSlack(t *testing.T, setup slackSetup) *bottest.World {
	t.Helper()
	sc := slackScenario()
	sc.Slack.Before, sc.Slack.Keys, sc.YAML = setup.before, setup.slackKeys, setup.yaml
	if setup.appToken {
		sc.Slack.Keys += "app_token_env: SLACK_APP_TOKEN,"
	}
	if setup.realClock {
		sc.At = time.Time{}
	}
	return sc.Start(t)
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
