// Package all is the list of chat platforms built into Tandem: importing
// it registers each one. Adding a platform is one line here.
package all

import (
	_ "github.com/tandemhq/tandem/platform/connectwise" // ConnectWise PSA: a service ticket per incident
	_ "github.com/tandemhq/tandem/platform/discord"     // Discord
	_ "github.com/tandemhq/tandem/platform/slack"       // Slack
	_ "github.com/tandemhq/tandem/platform/teams"       // Microsoft Teams
	_ "github.com/tandemhq/tandem/platform/webhookchat" // Mattermost / Rocket.Chat incoming webhooks
)
