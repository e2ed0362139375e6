package slack

import (
	"fmt"
	"strings"
)

// Scope is one bot OAuth scope of Tandem's Slack app and why it is needed.
type Scope struct{ Name, Why string }

// Scopes are the bot scopes `tandem slack manifest` asks for. The last
// two serve members written with only `email:` (users.lookupByEmail).
var Scopes = []Scope{
	{"commands", "/incident and /oncall"},
	{"chat:write", "the card, timeline entries, answers"},
	{"chat:write.public", "team channels Tandem was not invited to (public ones)"},
	{"channels:manage", "create incident channels, set their topic, invite people"},
	{"groups:write", "the same for private incident channels (rooms.private, the default)"},
	{"channels:read", "find a channel an interrupted attempt already created"},
	{"groups:read", "the same among private channels"},
	{"channels:history", "find a message an interrupted attempt already posted (public channels)"},
	{"groups:history", "the same in private team channels"},
	{"pins:write", "pin the card"},
	{"files:write", "the post-incident review and the weekly chart, as files"},
	{"app_mentions:read", `"@Tandem ack"`},
	{"users:read", "needed with users:read.email"},
	{"users:read.email", "find members written with only email: (users.lookupByEmail)"},
}

// EmailScopes are the scopes only members known by e-mail need.
var EmailScopes = []string{"users:read", "users:read.email"}

// Manifest is the Slack app manifest (YAML) for a Tandem reachable at
// baseURL (no trailing "/"); with socketMode, Slack sends everything over
// Socket Mode and no request URL is needed.
func Manifest(baseURL string, socketMode bool) string {
	var b strings.Builder
	b.WriteString(`display_information:
  name: Tandem
  description: Incident rooms, cards and escalation for co-managed IT
  background_color: "#1d1c1d"
features:
  bot_user:
    display_name: Tandem
    always_online: true
  slash_commands:
    - command: /incident
`)
	if !socketMode {
		fmt.Fprintf(&b, "      url: %s/slack/commands\n", baseURL)
	}
	b.WriteString(`      description: Declare, acknowledge, escalate and resolve incidents
      usage_hint: "help · declare <title> [--sev 1-4] · ack [INC-n] · resolve [INC-n] [note]"
      should_escape: true
    - command: /oncall
`)
	if !socketMode {
		fmt.Fprintf(&b, "      url: %s/slack/commands\n", baseURL)
	}
	b.WriteString(`      description: Who is on call now and next; overrides and swaps
      usage_hint: "[override <team> <person> <2h|until 18:00> · override remove OV-n · swap <team> <person> <person> <date>]"
      should_escape: true
oauth_config:
  scopes:
    bot:
`)
	for _, s := range Scopes {
		fmt.Fprintf(&b, "      - %-20s # %s\n", s.Name, s.Why)
	}
	b.WriteString("settings:\n  interactivity:\n    is_enabled: true\n")
	if !socketMode {
		fmt.Fprintf(&b, "    request_url: %s/slack/interactions\n", baseURL)
	}
	b.WriteString("  event_subscriptions:\n")
	if !socketMode {
		fmt.Fprintf(&b, "    request_url: %s/slack/events\n", baseURL)
	}
	fmt.Fprintf(&b, "    bot_events:\n      - app_mention\n  org_deploy_enabled: false\n  socket_mode_enabled: %t\n  token_rotation_enabled: false\n", socketMode)
	return b.String()
}
