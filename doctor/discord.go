package doctor

import (
	"context"
	"strings"

	"github.com/tandemhq/tandem/integrations/discord"
)

// checkDiscord: the bot token, the guild, the category and the bot's
// permissions on it, and the /incident command.
func checkDiscord(ctx context.Context, opt Options) []Line {
	d := opt.Config.Discord
	if !d.Configured() {
		return nil
	}
	if l := secretMissing("Discord bot token", "discord.bot_token", d.BotToken); l != nil {
		return []Line{*l}
	}
	private := opt.Config.Rooms.PrivateRooms()
	client, err := discord.New(discord.Options{Token: d.BotToken.Value(), ApplicationID: d.ApplicationID, GuildID: d.GuildID,
		CategoryID: d.CategoryID, APIURL: d.APIURL, HTTPClient: opt.HTTPClient, Private: private})
	if err != nil {
		return []Line{fail("Discord", err.Error(), "")}
	}
	h, err := client.Health(ctx)
	if err != nil {
		return []Line{fail("Discord", err.Error(), "check the bot token ("+d.BotToken.Origin()+"), guild_id and application_id, and that the bot was invited: "+discord.InviteURL(d.ApplicationID, private))}
	}
	out := []Line{ok("Discord", "bot user %s sees guild %s", h.BotUser, d.GuildID)}
	out = append(out, category(d.CategoryID, h, d.ApplicationID, private))
	if !h.Registered {
		return append(out, fail("Discord command", "/incident is not registered in the guild", "tandem discord register --config FILE"))
	}
	return append(out, ok("Discord command", "/incident registered"))
}

func category(id string, h discord.Health, appID string, private bool) Line {
	const check = "Discord category"
	switch {
	case id == "":
		return Line{Info: true, Check: check, Detail: `no discord.category_id: rooms go under a category "Incidents" Tandem creates`}
	case !h.CategoryFound:
		return fail(check, "no category "+id+" in the guild", "with Developer Mode on, right-click the category → Copy ID into discord.category_id")
	case len(h.Denied) > 0:
		return fail(check, "an overwrite on #"+h.Category+" denies the bot "+strings.Join(h.Denied, ", "),
			"in the category's permissions, allow these to the bot's role or remove the deny; invite URL: "+discord.InviteURL(appID, private))
	}
	return ok(check, "%s, no overwrite denies the bot", h.Category)
}
