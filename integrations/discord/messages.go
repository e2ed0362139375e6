package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// PostCard posts the incident card (an embed with the buttons) and
// returns its message ID.
func (c *Client) PostCard(ctx context.Context, channel string, inc incident.Incident) (string, error) {
	m, err := c.s.ChannelMessageSendComplex(channel, &discordgo.MessageSend{
		Embeds: []*discordgo.MessageEmbed{cardEmbed(inc, c.opt.Now())}, Components: cardButtons(inc),
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return "", deliveryError("post card", err)
	}
	return m.ID, nil
}

// UpdateCard edits the card in place; a resolved incident's card loses its
// buttons.
func (c *Client) UpdateCard(ctx context.Context, channel, msgID string, inc incident.Incident) error {
	embeds := []*discordgo.MessageEmbed{cardEmbed(inc, c.opt.Now())}
	components := cardButtons(inc)
	if components == nil {
		components = []discordgo.MessageComponent{} // sent as [], which removes them
	}
	_, err := c.s.ChannelMessageEditComplex(&discordgo.MessageEdit{
		ID: msgID, Channel: channel, Embeds: &embeds, Components: &components,
	}, discordgo.WithContext(ctx))
	return deliveryError("edit card", err)
}

// PostEvent posts one timeline entry in the room.
func (c *Client) PostEvent(ctx context.Context, channel string, e incident.Event) error {
	return c.post(ctx, "post event", channel, chat.FormatEvent(e, c.opt.Location))
}

// Post posts text in a channel (a team's or the managers').
func (c *Client) Post(ctx context.Context, channel, text string) error {
	return c.post(ctx, "post", channel, text)
}

// post sends one message. Text over Discord's 2,000 characters is cut
// rather than split: a split message half-posted before a failure would be
// posted twice on retry.
func (c *Client) post(ctx context.Context, op, channel, text string) error {
	_, err := c.s.ChannelMessageSendComplex(channel, &discordgo.MessageSend{
		Content: chat.Truncate(text, maxContent), AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	return deliveryError(op, err)
}
