// Package delivery carries out the effects in the outbox: it creates and
// syncs incident rooms, posts in team channels, invites people, posts
// files, closes rooms and pages. Each effect is delivered at least once and
// shown at most once: what it sends carries a key stable across retries,
// and what it has done is recorded before it is acknowledged.
//
// Delivery declares what it consumes (ports.go): the store, a recorder for
// what it did, the chats by platform and a pager. The bot wires the
// concrete types in.
package delivery

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Options are what every worker of a process shares.
type Options struct {
	Store    Store
	Recorder Recorder
	Reviewer Reviewer
	Invitees Invitees
	// Chats by platform key ("slack", "discord", "console", a thread room's
	// "slack#thread:<team>").
	Chats map[string]Chat
	// Pager delivers pages; nil tells teams in their channels only.
	Pager   Pager
	Metrics Metrics
	Log     *slog.Logger
	Now     func() time.Time
	// StaleAfter: an entry read this long ago by a silent worker is taken over.
	StaleAfter time.Duration
}

// Worker is one outbox worker: it takes effects from the outbox and
// carries them out through the chat platforms and the pager.
type Worker struct {
	opt      Options
	store    Store
	log      *slog.Logger
	consumer string
	syncs    atomic.Uint64 // numbers room-lock owners
}

// New returns the worker that reads the outbox as consumer.
func New(opt Options, consumer string) *Worker {
	return &Worker{opt: opt, store: opt.Store, log: opt.Log.With("worker", consumer), consumer: consumer}
}

func (d *Worker) now() time.Time { return d.opt.Now() }

func (d *Worker) deliver(ctx context.Context, e incident.Effect, retry bool) error {
	switch e.Kind {
	case incident.EffectRoomCreate:
		if e.Data[incident.DataReplaces] != "" {
			return d.recreateRoom(ctx, e, retry)
		}
		return d.createRoom(ctx, e)
	case incident.EffectRoomSync:
		return d.syncRoom(ctx, e)
	case incident.EffectRoomInvite:
		return d.invite(ctx, e)
	case incident.EffectChannelPost:
		return d.channelPost(ctx, e, retry)
	case incident.EffectPage:
		return d.page(ctx, e)
	case incident.EffectRoomFile:
		return d.roomFile(ctx, e, retry)
	case incident.EffectChannelFile:
		return d.channelFile(ctx, e, retry)
	case incident.EffectRoomClose:
		return d.closeRoom(ctx, e, retry)
	}
	return chat.Permanent(fmt.Errorf("unknown effect kind %q", e.Kind))
}

func (d *Worker) chat(platform string) (Chat, error) {
	c, ok := d.opt.Chats[platform]
	if !ok {
		return nil, chat.Permanent(fmt.Errorf("platform %q is not configured", platform))
	}
	return c, nil
}
