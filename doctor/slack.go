package doctor

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/tandemhq/tandem/config"
	slackapi "github.com/tandemhq/tandem/integrations/slack"
)

// checkSlack: the bot token, its scopes, an inbound path, each channel.
func checkSlack(ctx context.Context, opt Options) []Line {
	sc := opt.Config.Slack
	if !sc.Configured() {
		return nil
	}
	if l := secretMissing("Slack bot token", "slack.bot_token", sc.BotToken); l != nil {
		return []Line{*l}
	}
	client, err := slackapi.New(slackapi.Options{Token: sc.BotToken.Value(), APIURL: sc.APIURL, HTTPClient: opt.HTTPClient})
	if err != nil {
		return []Line{fail("Slack bot token", err.Error(), "")}
	}
	id, err := client.Identity(ctx)
	if err != nil {
		return []Line{fail("Slack bot token", "Slack refused it: "+err.Error(),
			"copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page into "+sc.BotToken.Origin())}
	}
	out := []Line{ok("Slack bot token", "accepted: bot user %s in workspace %q", id.User, id.Team)}
	out = append(out, scopes(opt.Config, id.Scopes), inbound(ctx, client, sc))
	for _, ch := range slackChannels(opt.Config) {
		out = append(out, channel(ctx, client, ch))
	}
	return out
}

// scopes compares the token's scopes with those the config's features need.
func scopes(cfg *config.Config, granted []string) Line {
	var missing []string
	for _, s := range neededScopes(cfg) {
		if !slices.Contains(granted, s) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		return fail("Slack scopes", "the token lacks "+strings.Join(missing, ", "),
			"add them to the app (tandem slack manifest prints every scope), then Install App → Reinstall to Workspace")
	}
	return ok("Slack scopes", "all %d needed are granted", len(neededScopes(cfg)))
}

// neededScopes are the manifest's scopes, without the e-mail lookup ones
// unless a member is known by e-mail only.
func neededScopes(cfg *config.Config) []string {
	var out []string
	byEmail := emailOnlyMembers(cfg) > 0
	for _, s := range slackapi.Scopes {
		if byEmail || !slices.Contains(slackapi.EmailScopes, s.Name) {
			out = append(out, s.Name)
		}
	}
	return out
}

func emailOnlyMembers(cfg *config.Config) int {
	n := 0
	count := func(ms []config.Member) {
		for _, m := range ms {
			if m.Email != "" && m.Accounts["slack"] == "" && m.Slack == "" {
				n++
			}
		}
	}
	for _, t := range cfg.Teams {
		count(t.Members)
	}
	count(cfg.Managers.Members)
	return n
}

func inbound(ctx context.Context, client *slackapi.Client, sc config.Slack) Line {
	switch {
	case sc.AppToken.Declared():
		if l := secretMissing("Slack inbound", "slack.app_token", sc.AppToken); l != nil {
			return *l
		}
		if err := client.CheckAppToken(ctx, sc.AppToken.Value()); err != nil {
			return fail("Slack inbound", "Socket Mode: Slack refused the app-level token: "+err.Error(),
				"Basic Information → App-Level Tokens: a token (xapp-…) with connections:write, in "+sc.AppToken.Origin())
		}
		return ok("Slack inbound", "Socket Mode: the app-level token is accepted (apps.connections.open)")
	case sc.SigningSecret.IsSet():
		return ok("Slack inbound", "signed requests at /slack/commands, /slack/interactions, /slack/events")
	}
	return fail("Slack inbound", "neither slack.signing_secret nor slack.app_token is set: /incident and the card's buttons never reach Tandem",
		"set TANDEM_SLACK_SIGNING_SECRET (Basic Information → Signing Secret), or an app-level token for Socket Mode")
}

// slackChannel is a channel the config names, and where.
type slackChannel struct{ id, key string }

func slackChannels(cfg *config.Config) []slackChannel {
	var out []slackChannel
	for name, t := range cfg.Teams {
		if id := t.Channels["slack"]; id != "" {
			out = append(out, slackChannel{id, "teams." + name + ".slack_channel"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	if id := cfg.Managers.Channels["slack"]; id != "" {
		out = append(out, slackChannel{id, "managers.slack_channel"})
	}
	return out
}

func channel(ctx context.Context, client *slackapi.Client, ch slackChannel) Line {
	check := "Slack channel " + ch.id
	name, member, err := client.ChannelMembership(ctx, ch.id)
	switch {
	case err != nil:
		return fail(check, fmt.Sprintf("%s: %v", ch.key, err),
			"check the ID (channel details → About → Channel ID); a private channel must have the bot in it to be seen")
	case !member:
		return fail(check, fmt.Sprintf("the bot is not in #%s (%s)", name, ch.key), "in #"+name+": /invite @Tandem")
	}
	return ok(check, "#%s, the bot is a member", name)
}
