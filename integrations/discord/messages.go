package discord

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// PostCard posts the incident card (an embed with the buttons) and
// returns its message ID.
func (c *Client) PostCard(ctx context.Context, channel string, key chat.PostKey, inc incident.Incident) (string, error) {
	m, err := c.send(ctx, channel, key, &discordgo.MessageSend{
		Embeds: []*discordgo.MessageEmbed{cardEmbed(inc, c.opt.Now())}, Components: cardButtons(inc),
		AllowedMentions: noMentions(),
	})
	if err != nil {
		return "", deliveryError("post card", err)
	}
	return m.ID, nil
}

// keyedMessage is a message with the nonce Discord enforces: a second
// message from the bot with the same nonce within a few minutes is not
// created, Discord answers with the first one. discordgo v0.29 has no
// field for it, hence the wrapper.
type keyedMessage struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce,omitempty"`
	EnforceNonce bool   `json:"enforce_nonce,omitempty"`
}

// send creates a message under key (POST /channels/{id}/messages through
// discordgo's request path, so its rate-limit buckets still apply).
func (c *Client) send(ctx context.Context, channel string, key chat.PostKey, data *discordgo.MessageSend) (*discordgo.Message, error) {
	for _, e := range data.Embeds {
		if e.Type == "" {
			e.Type = discordgo.EmbedTypeRich // as ChannelMessageSendComplex does
		}
	}
	body := keyedMessage{MessageSend: data}
	if key.ID != "" {
		body.Nonce, body.EnforceNonce = key.Nonce(), true
	}
	endpoint := discordgo.EndpointChannelMessages(channel)
	resp, err := c.s.RequestWithBucketID("POST", endpoint, body, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	var m discordgo.Message
	if err := json.Unmarshal(resp, &m); err != nil {
		return nil, fmt.Errorf("decode the created message: %w", err)
	}
	return &m, nil
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
func (c *Client) PostEvent(ctx context.Context, channel string, key chat.PostKey, e incident.Event) error {
	return c.post(ctx, "post event", channel, key, chat.FormatEvent(e, c.opt.Location))
}

// Post posts text in a channel (a team's or the managers').
func (c *Client) Post(ctx context.Context, channel string, key chat.PostKey, text string) error {
	return c.post(ctx, "post", channel, key, text)
}

// post sends one message. Text over Discord's 2,000 characters is cut
// rather than split: a split message half-posted before a failure would be
// posted twice on retry.
func (c *Client) post(ctx context.Context, op, channel string, key chat.PostKey, text string) error {
	_, err := c.send(ctx, channel, key, &discordgo.MessageSend{
		Content: chat.Truncate(escapeMarkdown(text), maxContent), AllowedMentions: noMentions(),
	})
	return deliveryError(op, err)
}
