package discord

import (
	"bytes"
	"context"
	"mime"
	"path/filepath"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/chat"
)

// UploadFile posts a file (a post-incident review, a report's chart) in a
// channel, with comment as the message. A retry sends the whole message
// again: the outbox retries only what Discord did not take.
func (c *Client) UploadFile(ctx context.Context, channel, filename string, data []byte, comment string) error {
	_, err := c.s.ChannelMessageSendComplex(channel, &discordgo.MessageSend{
		Content: chat.Truncate(comment, maxContent), AllowedMentions: noMentions(),
		Files: []*discordgo.File{{Name: filename, ContentType: contentType(filename), Reader: bytes.NewReader(data)}},
	}, discordgo.WithContext(ctx))
	return deliveryError("upload file", err)
}

// contentType names the file's type; Markdown is named here because the
// system's MIME table may not know it.
func contentType(filename string) string {
	ext := filepath.Ext(filename)
	if ext == ".md" {
		return "text/markdown; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
