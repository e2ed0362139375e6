package discord

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Discord's limits that rooms run into.
const (
	maxTopic   = 1024
	maxContent = 2000
)

// inviteAllow is what an invited person may do in a room: see it, read its
// history and write in it (a private category shows it to nobody else).
const inviteAllow = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionReadMessageHistory

// CreateRoom creates the incident's text channel under the configured
// category (or the next one when it is full: categories.go), with a topic,
// private with Options.Private (private.go) whichever category it lands in.
// Discord allows two channels with one name, so the name is never taken;
// the name Discord stored is returned.
func (c *Client) CreateRoom(ctx context.Context, name string, inc incident.Incident) (string, string, error) {
	if c.opt.GuildID == "" {
		return "", "", chat.Permanent(errors.New("discord create channel: discord.guild_id is not configured"))
	}
	ow, err := c.overwrites(ctx, inc)
	if err != nil {
		return "", "", err
	}
	var ch *discordgo.Channel
	err = c.place(ctx, c.rooms, createParentLost, func(parent string) (err error) {
		ch, err = c.s.GuildChannelCreateComplex(c.opt.GuildID, discordgo.GuildChannelCreateData{
			Name: name, Type: discordgo.ChannelTypeGuildText, Topic: topic(inc), ParentID: parent,
			PermissionOverwrites: ow,
		}, discordgo.WithContext(ctx))
		return roomError("create channel", err)
	})
	if err != nil {
		return "", "", err
	}
	final := ch.Name
	if final == "" {
		final = name
	}
	return ch.ID, final, nil
}

func topic(inc incident.Incident) string {
	t := fmt.Sprintf("%s [%s] %s", inc.ID, inc.Severity, inc.Title)
	if inc.Service != "" {
		t += " · service " + inc.Service
	}
	return chat.Truncate(escapeMarkdown(t)+" · incident room kept by Tandem", maxTopic)
}

// Invite lets a person into the room (a member permission overwrite, for
// rooms under a private category) and mentions them there, because Discord
// tells nobody about a new channel. When the bot may not edit permissions
// (no Manage Roles), the category's own permissions decide who sees a
// public room and the mention alone is sent; a private room's invite
// fails for good, as the person could not see the mention.
func (c *Client) Invite(ctx context.Context, channel, user string) error {
	err := c.s.ChannelPermissionSet(channel, user, discordgo.PermissionOverwriteTypeMember, inviteAllow, 0, discordgo.WithContext(ctx))
	if err = deliveryError("invite", err); err != nil {
		if !hasCode(err, codeMissingPermissions) || c.opt.Private {
			// In a private room a mention reaches nobody who cannot see
			// it: the failure goes on the timeline (grant Manage Roles).
			return err
		}
		c.log.Debug("no Manage Roles: the room's category decides who sees it; mentioning only", "channel", channel, "user", user)
	}
	_, err = c.s.ChannelMessageSendComplex(channel, &discordgo.MessageSend{
		Content:         fmt.Sprintf("👋 <@%s>, you are on this incident.", user),
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: []string{user}},
	}, discordgo.WithContext(ctx))
	return deliveryError("invite", err)
}
