package discord

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// Health is what `tandem doctor` learns from Discord with the bot token.
type Health struct {
	BotUser string // the bot's user ID (GET /users/@me)
	// Category is the name of discord.category_id; CategoryFound is false
	// when the guild has no such category.
	Category      string
	CategoryFound bool
	// Denied names the invite's permissions that an overwrite on the
	// category denies to @everyone or to the bot and no overwrite for the
	// bot allows again: rooms under it would fail with Missing Permissions.
	Denied []string
	// Registered is whether /incident is registered in the guild (tandem
	// discord register), which also proves application_id is the token's.
	Registered bool
}

// Health reads the bot's identity, the guild's channels and its
// commands. An error says which of these Discord refused.
func (c *Client) Health(ctx context.Context) (Health, error) {
	var h Health
	u, err := c.s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		return h, fmt.Errorf("the bot token (GET /users/@me): %w", err)
	}
	h.BotUser = u.ID
	chans, err := c.s.GuildChannels(c.opt.GuildID, discordgo.WithContext(ctx))
	if err != nil {
		return h, fmt.Errorf("guild %s (GET /guilds/%s/channels): %w", c.opt.GuildID, c.opt.GuildID, err)
	}
	for _, ch := range chans {
		if ch.ID == c.opt.CategoryID && ch.Type == discordgo.ChannelTypeGuildCategory {
			h.Category, h.CategoryFound = ch.Name, true
			h.Denied = denied(ch.PermissionOverwrites, c.opt.GuildID, u.ID, InvitePermissions(c.opt.Private))
		}
	}
	cmds, err := c.s.ApplicationCommands(c.opt.ApplicationID, c.opt.GuildID, discordgo.WithContext(ctx))
	if err != nil {
		return h, fmt.Errorf("application %s's commands in guild %s: %w", c.opt.ApplicationID, c.opt.GuildID, err)
	}
	for _, cmd := range cmds {
		h.Registered = h.Registered || cmd.Name == CommandName
	}
	return h, nil
}

// permissionNames names the invite's permission bits.
var permissionNames = []struct {
	bit  int64
	name string
}{
	{discordgo.PermissionViewChannel, "View Channels"}, {discordgo.PermissionManageChannels, "Manage Channels"},
	{discordgo.PermissionSendMessages, "Send Messages"}, {discordgo.PermissionEmbedLinks, "Embed Links"},
	{discordgo.PermissionAttachFiles, "Attach Files"}, {discordgo.PermissionReadMessageHistory, "Read Message History"},
	{discordgo.PermissionManageRoles, "Manage Roles"},
}

// denied applies Discord's overwrite order for the bits in need: the
// @everyone overwrite (its ID is the guild's), then the bot member's.
// Role overwrites other than @everyone are not read: the bot's roles would
// need GET /guilds/{id}/members/{bot}, so a role deny shows only when rooms fail.
func denied(ows []*discordgo.PermissionOverwrite, guild, bot string, need int64) []string {
	var deny, allow int64
	for _, ow := range ows {
		switch {
		case ow.Type == discordgo.PermissionOverwriteTypeRole && ow.ID == guild:
			deny |= ow.Deny
		case ow.Type == discordgo.PermissionOverwriteTypeMember && ow.ID == bot:
			allow |= ow.Allow
			deny |= ow.Deny
		}
	}
	lost := need & deny &^ allow
	var out []string
	for _, p := range permissionNames {
		if lost&p.bit != 0 {
			out = append(out, p.name)
		}
	}
	return out
}
