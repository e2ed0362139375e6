package slack

import "context"

// CloseRoom archives the room (conversations.archive). A room a person
// archived or deleted first is not an error: it is "already closed".
// Slack's conversations.unarchive is not used to bring a room back: the
// bot leaves an archived channel, and a bot token then gets not_in_channel.
func (c *Client) CloseRoom(ctx context.Context, channel string) (string, error) {
	err := c.api.ArchiveConversationContext(ctx, channel)
	switch code(err) {
	case "":
		if err == nil {
			return "archived", nil
		}
	case "already_archived", "is_archived", "channel_not_found":
		c.log.Info("room already archived or deleted by someone", "channel", channel, "answer", code(err))
		return "already closed", nil
	}
	return "", deliveryError("conversations.archive", err)
}
