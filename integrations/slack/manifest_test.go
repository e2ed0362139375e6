package slack_test

import (
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/tandemhq/tandem/integrations/slack"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

type manifest struct {
	Features struct {
		SlashCommands []struct {
			Command, URL string
		} `yaml:"slash_commands"`
	}
	OAuth struct {
		Scopes struct{ Bot []string }
	} `yaml:"oauth_config"`
	Settings struct {
		Interactivity struct {
			RequestURL string `yaml:"request_url"`
		}
		Events struct {
			RequestURL string   `yaml:"request_url"`
			BotEvents  []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Socket bool `yaml:"socket_mode_enabled"`
	}
}

// The manifest is YAML Slack can read, with every scope (the fake grants
// the same list, so doctor's green run means the manifest's scopes) and
// the URLs under the base given, or none in Socket Mode.
func TestManifest(t *testing.T) {
	var m manifest
	if err := yaml.Unmarshal([]byte(slack.Manifest("https://tandem.example.org", false)), &m); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.OAuth.Scopes.Bot, slacktest.DefaultScopes) || !slices.Contains(m.OAuth.Scopes.Bot, "users:read.email") {
		t.Errorf("scopes %v, the fake grants %v", m.OAuth.Scopes.Bot, slacktest.DefaultScopes)
	}
	if m.Features.SlashCommands[0].URL != "https://tandem.example.org/slack/commands" || m.Settings.Interactivity.RequestURL != "https://tandem.example.org/slack/interactions" ||
		m.Settings.Events.RequestURL != "https://tandem.example.org/slack/events" || m.Settings.Socket {
		t.Errorf("%+v", m)
	}
	m = manifest{}
	if err := yaml.Unmarshal([]byte(slack.Manifest("", true)), &m); err != nil {
		t.Fatal(err)
	}
	if !m.Settings.Socket || m.Features.SlashCommands[0].URL != "" || m.Settings.Events.RequestURL != "" || m.Settings.Events.BotEvents[0] != "app_mention" {
		t.Errorf("socket mode: %+v", m)
	}
}
