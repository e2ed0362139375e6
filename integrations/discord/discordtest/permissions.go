package discordtest

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Permission overwrites and the bot's own user, as Discord keeps them.
//
// References: Create Guild Channel takes permission_overwrites, an array
// of {id, type (0 role, 1 member), allow, deny} with the bit sets as
// strings (https://discord.com/developers/docs/resources/guild#create-guild-channel);
// the @everyone role's ID is the guild's, and a channel whose @everyone
// overwrite denies VIEW_CHANNEL is seen only by those a role or member
// overwrite allows (https://discord.com/developers/docs/topics/permissions#permission-overwrites);
// posting where the bot cannot see answers 403 {"code": 50001, "message":
// "Missing Access"}; Get Current User is GET /users/@me.

// BotUserID is the fake bot's own user ID (GET /users/@me).
const BotUserID = "1000000000000000001"

// PermissionViewChannel is Discord's VIEW_CHANNEL bit.
const PermissionViewChannel = 1 << 10

func (s *Server) currentUser(*http.Request, []byte) (int, any) {
	return http.StatusOK, map[string]any{"id": BotUserID, "username": "tandem", "bot": true}
}

// recordOverwrites keeps the overwrites a channel was created with.
func recordOverwrites(ch *Channel, body []byte) (int, any) {
	var in struct {
		Overwrites []struct {
			ID string `json:"id"`
			Overwrite
		} `json:"permission_overwrites"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return invalidForm("permission_overwrites: %v", err)
	}
	for _, o := range in.Overwrites {
		if o.ID == "" || (o.Type != 0 && o.Type != 1) || !bits(o.Allow) || !bits(o.Deny) {
			return invalidForm("permission_overwrites: each needs an id, a type 0 or 1 and allow/deny bit sets as strings")
		}
		ch.Overwrites[o.ID] = o.Overwrite
	}
	return 0, nil
}

func bits(s string) bool {
	if s == "" {
		return true
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// botCannotSee answers Missing Access when the channel hides itself from
// @everyone and no member overwrite lets the bot in (the fake bot has no
// administrator role).
func botCannotSee(ch *Channel) (int, any) {
	if !denies(ch.Overwrites[ch.GuildID], PermissionViewChannel) || allows(ch.Overwrites[BotUserID], PermissionViewChannel) {
		return 0, nil
	}
	return http.StatusForbidden, apiError{Message: "Missing Access", Code: 50001}
}

func denies(o Overwrite, bit uint64) bool {
	n, _ := strconv.ParseUint(o.Deny, 10, 64)
	return n&bit != 0
}

func allows(o Overwrite, bit uint64) bool {
	n, _ := strconv.ParseUint(o.Allow, 10, 64)
	return n&bit != 0
}

// Visible reports whether user sees the channel: @everyone's overwrite,
// then the user's own (roles other than @everyone are not modelled).
func (c Channel) Visible(user string) bool {
	if o, ok := c.Overwrites[user]; ok && (allows(o, PermissionViewChannel) || denies(o, PermissionViewChannel)) {
		return allows(o, PermissionViewChannel)
	}
	return !denies(c.Overwrites[c.GuildID], PermissionViewChannel)
}
