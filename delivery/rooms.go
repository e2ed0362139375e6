package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

// createRoom creates the room once: the channel is saved before the
// incident records it, so a retry after a crash reuses it.
func (d *Worker) createRoom(ctx context.Context, e incident.Effect) error {
	c, err := d.chat(e.Platform)
	if err != nil {
		return err
	}
	inc, err := d.store.Get(ctx, e.Incident)
	if err != nil {
		return err
	}
	room, err := d.store.GetRoom(ctx, inc.ID, e.Platform)
	if err != nil {
		return err
	}
	if room.Channel == "" {
		name := incident.RoomName(inc.ID, inc.Title, c.MaxRoomName())
		ch, final, err := c.CreateRoom(ctx, name, inc)
		if err != nil {
			return err
		}
		room.Channel, room.Name = ch, final
		if err := record(ctx, func(ctx context.Context) error { return d.store.SaveRoom(ctx, inc.ID, e.Platform, room) }); err != nil {
			return err
		}
	}
	return d.opt.Recorder.RoomCreated(ctx, inc.ID, e.Platform, room.Channel, room.Name)
}

// roomFailed remembers that a room could not be created, so the effects
// waiting for it give up at once instead of waiting.
func (d *Worker) roomFailed(ctx context.Context, log *slog.Logger, e incident.Effect, reason string) {
	room, err := d.store.GetRoom(ctx, e.Incident, e.Platform)
	if err == nil && room.Channel == "" {
		room.Failed = reason
		err = d.store.SaveRoom(ctx, e.Incident, e.Platform, room)
	}
	if err != nil {
		log.Warn("recording the failed room", "err", err)
	}
}

// readyRoom returns the chat of e's room and the room, once it exists
// (see roomReady).
func (d *Worker) readyRoom(ctx context.Context, e incident.Effect) (Chat, redisstore.Room, error) {
	c, err := d.chat(e.Platform)
	if err != nil {
		return nil, redisstore.Room{}, err
	}
	room, err := d.roomReady(ctx, e.Incident, e.Platform)
	return c, room, err
}

// roomReady returns the room, a WaitFor error while it is being created, or
// a permanent error when its creation failed for good.
func (d *Worker) roomReady(ctx context.Context, id, platform string) (redisstore.Room, error) {
	room, err := d.store.GetRoom(ctx, id, platform)
	switch {
	case err != nil:
		return room, err
	case room.Channel != "":
		return room, d.roomReplaced(ctx, id, platform, room.Channel)
	case room.Failed != "":
		return room, chat.Permanent(fmt.Errorf("the %s room of %s could not be created: %s", platform, id, room.Failed))
	}
	return room, chat.WaitFor(roomNotReadyWait, errors.New("room not created yet"))
}

// roomLock is a room's lock held by one delivery: syncs, closes and
// replacements of a room take it, so one of them at a time posts there.
type roomLock struct {
	store       Store
	name, owner string
	now         func() time.Time
}

// lockRoom returns the chat of e's room and takes the room's lock, or says
// to wait. The owner is this delivery, not this worker: a worker runs
// several deliveries at once, and the lock must keep them apart too.
func (d *Worker) lockRoom(ctx context.Context, e incident.Effect) (Chat, *roomLock, error) {
	c, err := d.chat(e.Platform)
	if err != nil {
		return nil, nil, err
	}
	l := &roomLock{store: d.store, name: "room:" + e.Incident + ":" + e.Platform,
		owner: d.consumer + "/" + strconv.FormatUint(d.syncs.Add(1), 10), now: d.now}
	ok, err := d.store.Lock(ctx, l.name, l.owner, d.now(), roomLockLease)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, chat.WaitFor(roomNotReadyWait, errors.New("room busy with another worker"))
	}
	return c, l, nil
}

// renew renews the lease, or says to wait when another delivery took the
// room over (the lease ran out).
func (l *roomLock) renew(ctx context.Context) error {
	ok, err := l.store.Lock(ctx, l.name, l.owner, l.now(), roomLockLease)
	if err == nil && !ok {
		err = chat.WaitFor(roomNotReadyWait, errors.New("room taken over by another worker"))
	}
	return err
}

// unlock releases the lock, also after ctx's cancellation (a shutdown).
func (l *roomLock) unlock(ctx context.Context) {
	l.store.Unlock(context.WithoutCancel(ctx), l.name, l.owner)
}

// syncRoom brings a room up to date: the card posted (or edited in place)
// and every timeline entry not yet shown, in order. One worker at a time
// per room, so entries are never posted twice or out of order.
func (d *Worker) syncRoom(ctx context.Context, e incident.Effect) error {
	c, lock, err := d.lockRoom(ctx, e)
	if err != nil {
		return err
	}
	defer lock.unlock(ctx)
	// From here on, new changes queue a new sync: this one may read them or not.
	if err := d.store.SyncStarted(ctx, e.Incident, e.Platform); err != nil {
		return err
	}
	room, err := d.roomReady(ctx, e.Incident, e.Platform)
	if err != nil {
		return err
	}
	inc, err := d.store.Get(ctx, e.Incident)
	if err != nil {
		return err
	}
	if room.Channel == inc.Closed[e.Platform] {
		return nil // a closed room shows nothing more
	}
	if room.Card == "" {
		if err := d.postCard(ctx, c, e.Platform, &room, inc); err != nil {
			return err
		}
	}
	// The lease is renewed before each post: a long catch-up (Slack's pace
	// is a message a second) or a wall clock jumping forward must not let a
	// second worker into the room while this one still posts.
	hold := func() error { return lock.renew(ctx) }
	if err := d.postTimeline(ctx, c, inc.ID, e.Platform, &room, hold); err != nil {
		return err
	}
	return d.updateCard(ctx, c, e, room)
}

// updateCard edits the card when the incident changed since it was shown.
func (d *Worker) updateCard(ctx context.Context, c Chat, e incident.Effect, room redisstore.Room) error {
	inc, err := d.store.Get(ctx, e.Incident)
	if err != nil {
		return err
	}
	key := inc.CardKey()
	if key == room.Shown {
		return nil
	}
	if err := c.UpdateCard(ctx, room.Channel, room.Card, inc); err != nil {
		return err
	}
	room.Shown = key
	return d.store.SaveRoom(ctx, inc.ID, e.Platform, room)
}

// postCard posts the room's card once: what is being posted is saved
// first, so an attempt after a crash asks the platform before posting.
func (d *Worker) postCard(ctx context.Context, c Chat, platform string, room *redisstore.Room, inc incident.Incident) error {
	key, err := d.postKey(ctx, inc.ID+"/card/"+platform, room.Pending == redisstore.PendingCard)
	if err != nil {
		return err
	}
	if err := d.pending(ctx, inc.ID, platform, room, redisstore.PendingCard); err != nil {
		return err
	}
	if room.Card, err = c.PostCard(ctx, room.Channel, key, inc); err != nil {
		return err
	}
	room.Shown, room.Pending = inc.CardKey(), ""
	return record(ctx, func(ctx context.Context) error { return d.store.SaveRoom(ctx, inc.ID, platform, *room) })
}

// pending saves that what is named next is being posted in the room.
func (d *Worker) pending(ctx context.Context, id, platform string, room *redisstore.Room, what string) error {
	if room.Pending == what {
		return nil
	}
	room.Pending = what
	return d.store.SaveRoom(ctx, id, platform, *room)
}

// postKey is the key of one post: id within this deployment.
func (d *Worker) postKey(ctx context.Context, id string, retry bool) (chat.PostKey, error) {
	dep, err := d.store.DeploymentID(ctx)
	if err != nil {
		return chat.PostKey{}, err
	}
	return chat.PostKey{ID: dep + "/" + id, Retry: retry}, nil
}

// postTimeline posts, in order, every timeline entry after the room's
// cursor, calling hold before each post.
func (d *Worker) postTimeline(ctx context.Context, c Chat, id, platform string, room *redisstore.Room, hold func() error) error {
	for {
		entries, err := d.store.TimelineAfter(ctx, id, room.Cursor, timelineBatch)
		if err != nil {
			return err
		}
		for _, msg := range roomMessages(entries) {
			if err := hold(); err != nil {
				return err
			}
			if err := d.postMessage(ctx, c, id, platform, room, msg); err != nil {
				return err
			}
		}
		if len(entries) < timelineBatch {
			return nil
		}
	}
}

// postMessage posts one message and moves the cursor past it. Saved before
// the post (what is being posted) and after it (the cursor): a post cut
// short by a crash is looked for on the platform before it is tried again.
func (d *Worker) postMessage(ctx context.Context, c Chat, id, platform string, room *redisstore.Room, msg roomMessage) error {
	key, err := d.postKey(ctx, id+"/tl/"+platform+"/"+msg.pos, room.Pending == msg.pos)
	if err != nil {
		return err
	}
	if err := d.pending(ctx, id, platform, room, msg.pos); err != nil {
		return err
	}
	if err := c.PostEvent(ctx, room.Channel, key, msg.event); err != nil {
		return err
	}
	room.Cursor, room.Pending = msg.pos, ""
	return record(ctx, func(ctx context.Context) error { return d.store.SaveRoom(ctx, id, platform, *room) })
}
