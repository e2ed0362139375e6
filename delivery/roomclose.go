package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

// closeRoom delivers room.close: the room's last line, then the room is
// closed and the outcome recorded. It holds the room's lock, so no sync
// posts in between; syncs after it see the room closed and post nothing.
// A room a person closed first is no error, and a close the platform
// refuses for good is written on the timeline and not tried again: the
// incident, and the room that replaces this one if it is reopened, go on.
func (d *Worker) closeRoom(ctx context.Context, e incident.Effect, retry bool) error {
	c, lock, err := d.lockRoom(ctx, e)
	if err != nil {
		return err
	}
	defer lock.unlock(ctx)
	log := d.log.With("incident", e.Incident, "platform", e.Platform, "channel", e.Channel)
	if err := d.lastLine(ctx, log, c, e, retry); err != nil {
		return err
	}
	outcome := "closed"
	if closer, ok := c.(RoomCloser); ok {
		if outcome, err = closer.CloseRoom(ctx, e.Channel); err != nil {
			return d.closeRefused(ctx, log, e, err)
		}
	}
	log.Info("room closed", "outcome", outcome)
	return d.opt.Recorder.RoomClosed(ctx, e.Incident, e.Platform, e.Channel, outcome)
}

// lastLine posts the closing line once (its key finds an earlier attempt's
// post). A room that refuses it for good (archived or deleted by a person)
// is closed all the same.
func (d *Worker) lastLine(ctx context.Context, log *slog.Logger, c Chat, e incident.Effect, retry bool) error {
	key, err := d.postKey(ctx, e.ID+"/line", retry)
	if err != nil {
		return err
	}
	err = c.Post(ctx, e.Channel, key, e.Text)
	if err != nil && chat.IsPermanent(err) {
		log.Info("the room's last line could not be posted; closing it anyway", "err", err)
		return nil
	}
	return err
}

// closeRefused handles a failed close: a retryable error is retried; a
// permanent one is logged and written on the timeline, and the effect is
// done, so nothing loops on a room Tandem may not close.
func (d *Worker) closeRefused(ctx context.Context, log *slog.Logger, e incident.Effect, err error) error {
	if !chat.IsPermanent(err) {
		return err
	}
	log.Error("the room could not be closed; it stays open", "err", err)
	d.opt.Metrics.DeliveryFailed(e.Kind, e.Platform)
	return d.opt.Recorder.DeliveryFailed(ctx, e, failureText(err))
}

// roomReplaced says to wait when channel is the closed room of a reopened
// incident: effects for the room (syncs, invites, links) are for the room
// that replaces it, which is being created.
func (d *Worker) roomReplaced(ctx context.Context, id, platform, channel string) error {
	inc, err := d.store.Get(ctx, id)
	if err != nil {
		return err
	}
	if inc.Closed[platform] != channel || inc.Status == incident.StatusResolved {
		return nil
	}
	return chat.WaitFor(roomNotReadyWait, errors.New("the room was closed; the one replacing it is not created yet"))
}

// recreateRoom delivers the room.create of a reopened incident whose room
// was closed: a new room, named after the first with a suffix, whose first
// message links the closed one and which shows the timeline from where the
// closed one stopped. The room record (one per incident and platform) is
// started afresh (freshRoom); like createRoom, the channel is saved before
// it is recorded, so a retry reuses it. The room's lock keeps syncs out
// until the link is posted.
func (d *Worker) recreateRoom(ctx context.Context, e incident.Effect, retry bool) error {
	c, lock, err := d.lockRoom(ctx, e)
	if err != nil {
		return err
	}
	defer lock.unlock(ctx)
	inc, err := d.store.Get(ctx, e.Incident)
	if err != nil {
		return err
	}
	room, err := d.freshRoom(ctx, e)
	if err != nil {
		return err
	}
	if room.Channel == "" {
		base := incident.RoomName(inc.ID, inc.Title, c.MaxRoomName())
		ch, final, err := c.CreateRoom(ctx, incident.RoomNameWithSuffix(base, inc.RoomsClosed+1, c.MaxRoomName()), inc)
		if err != nil {
			return err
		}
		room.Channel, room.Name = ch, final
		if err := record(ctx, func(ctx context.Context) error { return d.store.SaveRoom(ctx, inc.ID, e.Platform, room) }); err != nil {
			return err
		}
	}
	key, err := d.postKey(ctx, e.ID+"/intro", retry || e.Attempt > 0)
	if err != nil {
		return err
	}
	text := fmt.Sprintf("🔁 %s is open again. This room replaces %s, which was closed and keeps what happened before.", inc.ID, c.RoomLink(e.Data[incident.DataReplaces]))
	if err := c.Post(ctx, room.Channel, key, text); err != nil {
		return err
	}
	return d.opt.Recorder.RoomCreated(ctx, inc.ID, e.Platform, room.Channel, room.Name)
}

// closeWaits bounds how long a replacement room waits for the closed
// room's close (about 30 s of waits): the close shares nothing with it but
// the order people see, and a close the platform keeps refusing must not
// hold the new room.
const closeWaits = 100

// freshRoom returns the room record for the replacement: while it still
// holds the closed room, it waits a little for that room's close to be
// done (so the old room says it is closed before the new one opens), then
// clears it but for the timeline cursor.
func (d *Worker) freshRoom(ctx context.Context, e incident.Effect) (redisstore.Room, error) {
	room, err := d.store.GetRoom(ctx, e.Incident, e.Platform)
	if err != nil || room.Channel != e.Data[incident.DataReplaces] {
		return room, err
	}
	closed, err := d.store.Delivered(ctx, incident.RoomCloseEffectID(e.Incident, e.Platform, room.Channel))
	if err != nil {
		return room, err
	}
	if !closed && e.Waits < closeWaits {
		return room, chat.WaitFor(roomNotReadyWait, errors.New("the closed room is still being closed"))
	}
	// The new room goes on from where the closed one stopped: what came
	// before is there, a link away.
	room = redisstore.Room{Cursor: room.Cursor}
	return room, d.store.SaveRoom(ctx, e.Incident, e.Platform, room)
}
