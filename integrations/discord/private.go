package discord

import (
	"context"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/incident"
)

// Private rooms (Options.Private, config rooms.private): a room is created
// with permission overwrites that hide it from @everyone (the role whose
// ID is the guild's) and show it to the bot and to whoever declared the
// incident on Discord; the people paged later get a member overwrite
// (Invite: PUT /channels/{id}/permissions/{user}, type 1). Discord applies
// @everyone's overwrite first, then roles', then members', so a member
// overwrite's allow wins over @everyone's deny
// (https://discord.com/developers/docs/topics/permissions#permission-overwrites).

// botAllow is what the bot needs in its own private room: see it, post,
// show its card (an embed) and read back its messages. Discord lets a bot
// allow in an overwrite only permissions it has in the guild, so this
// stays within the invite's documented permissions (docs/discord.md);
// what an overwrite leaves out is inherited from the guild.
const botAllow = inviteAllow | discordgo.PermissionEmbedLinks

// selfUser caches the bot's own user ID (GET /users/@me).
type selfUser struct {
	mu sync.Mutex
	id string
}

// selfID is the bot's user ID, asked once.
func (c *Client) selfID(ctx context.Context) (string, error) {
	c.me.mu.Lock()
	defer c.me.mu.Unlock()
	if c.me.id != "" {
		return c.me.id, nil
	}
	u, err := c.s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		return "", deliveryError("get current user", err)
	}
	c.me.id = u.ID
	return u.ID, nil
}

// overwrites are a new room's permission overwrites: none for a public
// room (its category decides who sees it), else @everyone denied and the
// bot and the declarer allowed.
func (c *Client) overwrites(ctx context.Context, inc incident.Incident) ([]*discordgo.PermissionOverwrite, error) {
	if !c.opt.Private {
		return nil, nil
	}
	bot, err := c.selfID(ctx)
	if err != nil {
		return nil, err
	}
	out := []*discordgo.PermissionOverwrite{
		{ID: c.opt.GuildID, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionViewChannel},
		{ID: bot, Type: discordgo.PermissionOverwriteTypeMember, Allow: botAllow},
	}
	if by := inc.OpenedBy; by.Platform == "discord" && by.User != "" && by.User != bot {
		out = append(out, &discordgo.PermissionOverwrite{ID: by.User, Type: discordgo.PermissionOverwriteTypeMember, Allow: inviteAllow})
	}
	return out, nil
}
