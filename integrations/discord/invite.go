package discord

import (
	"net/url"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// InvitePermissions is the bot's permission integer for the invite URL:
// see the category and rooms, create a channel per incident under it,
// post cards (embeds) and timeline entries, edit the card (read history),
// and upload the post-incident review and the weekly chart (Attach
// Files). With private rooms it adds Manage Roles, which a member
// permission overwrite needs to let the paged person in.
func InvitePermissions(privateRooms bool) int64 {
	p := int64(discordgo.PermissionViewChannel | discordgo.PermissionManageChannels |
		discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks |
		discordgo.PermissionAttachFiles | discordgo.PermissionReadMessageHistory)
	if privateRooms {
		p |= discordgo.PermissionManageRoles
	}
	return p
}

// InviteURL is the OAuth2 URL that adds the bot of application appID to a
// server with the bot and applications.commands scopes and
// InvitePermissions.
func InviteURL(appID string, privateRooms bool) string {
	q := url.Values{"client_id": {appID}, "scope": {"bot applications.commands"},
		"permissions": {strconv.FormatInt(InvitePermissions(privateRooms), 10)}}
	return "https://discord.com/oauth2/authorize?" + q.Encode()
}
