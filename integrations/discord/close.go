package discord

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/chat"
)

// CloseRoom closes a resolved incident's room: moved into
// discord.archive_category_id when it is set (and on into "<name> 2", …
// when that is full), else deleted; the timeline stays the record. A
// channel a person deleted first (10003 Unknown Channel) is "already
// closed", not an error.
func (c *Client) CloseRoom(ctx context.Context, channel string) (string, error) {
	outcome, err := "deleted", error(nil)
	if c.archive != nil {
		outcome = "moved"
		err = c.place(ctx, c.archive, parentLost, func(parent string) error {
			_, err := c.s.ChannelEdit(channel, &discordgo.ChannelEdit{ParentID: parent}, discordgo.WithContext(ctx))
			return deliveryError("move channel", err)
		})
	} else {
		_, err = c.s.ChannelDelete(channel, discordgo.WithContext(ctx))
		err = deliveryError("delete channel", err)
	}
	if hasCode(err, codeUnknownChannel) {
		c.log.Info("room already deleted by someone", "channel", channel)
		return "already closed", nil
	}
	if err != nil {
		return "", err
	}
	c.rooms.reset() // the room's category has a free place now
	return outcome, nil
}

// parentLost reports whether Discord's answer says the parent category is
// gone or unusable: parent_id refused for another reason than being full.
// (Creating under a deleted category is answered 50035 with parent_id
// CHANNEL_PARENT_INVALID.)
func parentLost(err error) bool {
	code := fieldCode(err, "parent_id")
	return code != "" && code != parentFull
}

// createParentLost is parentLost for a channel being created, where an
// Unknown Channel (10003) can only be the parent, should Discord answer
// that way.
func createParentLost(err error) bool {
	return parentLost(err) || hasCode(err, codeUnknownChannel)
}

// roomError is deliveryError, with a full guild said plainly: people must
// free channels, and no retry will.
func roomError(op string, err error) error {
	err = deliveryError(op, err)
	if hasCode(err, codeMaxGuildChannels) {
		return chat.Permanent(fmt.Errorf("discord %s: the server has reached Discord's limit of 500 channels (code 30013); "+
			"delete old channels, or set rooms.archive_after so closed rooms are deleted: %w", op, err))
	}
	return err
}
