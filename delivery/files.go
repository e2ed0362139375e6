package delivery

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// roomFile posts the post-incident review in the incident's room: as a
// file where the chat takes files, else as a notice saying where to get it.
// It is rendered now, from the incident and timeline as they are.
func (d *Worker) roomFile(ctx context.Context, e incident.Effect, retry bool) error {
	c, room, err := d.readyRoom(ctx, e)
	if err != nil {
		return err
	}
	name, data, comment, err := d.opt.Reviewer.Review(ctx, e.Incident)
	if err != nil {
		return err
	}
	if up, ok := c.(FileUploader); ok {
		return up.UploadFile(ctx, room.Channel, name, data, comment)
	}
	key, err := d.postKey(ctx, e.ID, retry)
	if err != nil {
		return err
	}
	return c.Post(ctx, room.Channel, key, fmt.Sprintf("📄 The post-incident review of %s is ready: `tandem export %s` prints it (Markdown, or JSON with --format json).", e.Incident, e.Incident))
}

// channelFile posts a file carried by the effect (a report's chart, an
// evidence pack) in a channel. A chat that takes no files posts the
// effect's DataNoFiles notice in its place, or skips it when there is none
// (a report's text already holds every figure).
func (d *Worker) channelFile(ctx context.Context, e incident.Effect, retry bool) error {
	c, err := d.chat(e.Platform)
	if err != nil {
		return err
	}
	up, ok := c.(FileUploader)
	if !ok {
		notice := e.Data[incident.DataNoFiles]
		if notice == "" {
			d.log.Debug("chat takes no files; file left out", "file", e.Data[incident.DataFilename])
			return nil
		}
		key, err := d.postKey(ctx, e.ID, retry)
		if err != nil {
			return err
		}
		return c.Post(ctx, e.Channel, key, notice)
	}
	data, err := base64.StdEncoding.DecodeString(e.Data[incident.DataContent])
	if err != nil {
		return chat.Permanent(fmt.Errorf("file %s: bad content: %w", e.Data[incident.DataFilename], err))
	}
	return up.UploadFile(ctx, e.Channel, e.Data[incident.DataFilename], data, e.Text)
}
