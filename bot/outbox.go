package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

// Delivery tuning.
const (
	deliveryParallel = 8 // effects in flight per worker
	outboxBlock      = time.Second
	maxAttempts      = 12 // then the effect is given up and recorded as failed
	maxBackoff       = 5 * time.Minute
	roomLockLease    = 30 * time.Second
	roomNotReadyWait = 300 * time.Millisecond
	maxWaits         = 2000 // ≈10 minutes of waiting for a room, then give up
	timelineBatch    = 50
)

// deliverer is one outbox worker: it takes effects from the outbox and
// carries them out through the chat platforms and the pager.
type deliverer struct {
	store    *redisstore.Store
	svc      *handlers.Service
	chats    map[string]Chat
	pager    Pager
	log      *slog.Logger
	now      func() time.Time
	consumer string
	metrics  *metrics
	// staleAfter: an entry read this long ago by a silent worker is taken over.
	staleAfter time.Duration
	syncs      atomic.Uint64 // numbers room-lock owners
}

// run delivers until ctx ends, up to deliveryParallel effects at a time
// (a slow chat call does not hold up a page). It reads only as many
// entries as it can start, so nothing it claimed waits behind another.
// Each effect is finished on a context that outlives ctx a little, so a
// shutdown does not cut a delivery in half; run returns when they are done.
func (d *deliverer) run(ctx context.Context) {
	free := newSlots(deliveryParallel)
	var wg sync.WaitGroup
	defer wg.Wait()
	var lastStale, lastOrphans time.Time
	for ctx.Err() == nil {
		n := free.takeFree(ctx)
		if n == 0 {
			return
		}
		entries, err := d.read(ctx, &lastStale, &lastOrphans, int64(n))
		free.give(max(0, n-len(entries)))
		if errors.Is(err, redisstore.ErrNotReplicated) {
			// What was read unconfirmed was released: take it over at the
			// next turn, once the replicas answer again.
			lastStale = time.Time{}
		}
		if err != nil {
			if ctx.Err() == nil {
				d.log.Warn("outbox read failed; retrying", "err", err)
				sleep(ctx, time.Second)
			}
			continue
		}
		for i, e := range entries {
			if i >= n {
				// A read may return more than n (up to n from each
				// stream): each extra one waits for a running delivery.
				<-free
			}
			wg.Go(func() {
				defer free.give(1)
				dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
				defer cancel()
				d.process(dctx, e)
			})
		}
	}
}

// read takes over what dead processes held (every 2 s) and stale entries
// (now and then), else waits for new ones.
func (d *deliverer) read(ctx context.Context, lastStale, lastOrphans *time.Time, n int64) ([]redisstore.OutboxEntry, error) {
	if time.Since(*lastOrphans) > orphanScanEvery {
		*lastOrphans = time.Now()
		entries, err := d.store.ClaimOrphans(ctx, d.consumer, orphanMinIdle, redisstore.ProcessDeadAfter, n)
		if err != nil || len(entries) > 0 {
			return entries, err
		}
	}
	if time.Since(*lastStale) > d.staleAfter/2 {
		*lastStale = time.Now()
		entries, err := d.store.ClaimStale(ctx, d.consumer, d.staleAfter, n)
		if err != nil || len(entries) > 0 {
			return entries, err
		}
	}
	return d.store.ReadOutbox(ctx, d.consumer, n, outboxBlock)
}

func (d *deliverer) process(ctx context.Context, entry redisstore.OutboxEntry) {
	e := entry.Effect
	log := d.log.With("entry", entry.ID, "effect", e.Kind, "incident", e.Incident, "platform", e.Platform)
	var done bool
	if err := retryFor(ctx, checkFor, func(ctx context.Context) (err error) {
		done, err = d.store.Delivered(ctx, e.ID)
		return err
	}); err != nil {
		log.Warn("outbox check failed", "err", err)
		return // the entry stays pending and is taken over later
	}
	if done {
		d.finish(ctx, log, entry, "")
		return
	}
	// An effect taken over from a silent worker, or tried before, may have
	// gone out already: its post is checked for on the platform first.
	err := d.deliver(ctx, e, entry.Redelivered || e.Attempt > 0)
	switch {
	case err == nil:
		d.finish(ctx, log, entry, e.ID)
	case chat.IsPermanent(err) || e.Attempt+1 >= maxAttempts || e.Waits+1 >= maxWaits:
		log.Error("effect failed for good", "attempt", e.Attempt+1, "waits", e.Waits, "err", err)
		d.metrics.deliveryFailures.WithLabelValues(string(e.Kind), e.Platform).Inc()
		if e.Kind == incident.EffectRoomCreate {
			d.roomFailed(ctx, log, e, failureText(err))
		}
		if e.Kind != incident.EffectRoomSync { // a broken room must not loop on its own failure entries
			if rerr := d.svc.DeliveryFailed(ctx, e, failureText(err)); rerr != nil {
				log.Error("record failed delivery", "err", rerr)
			}
		}
		d.finish(ctx, log, entry, "")
	default:
		level := slog.LevelDebug // waiting for a room or its lock is routine
		if chat.IsWaiting(err) {
			e.Waits++
		} else {
			e.Attempt++
			level = slog.LevelInfo
		}
		delay := chat.RetryDelay(err)
		if delay == 0 {
			delay = backoff(e.Attempt)
		}
		log.Log(ctx, level, "effect will be retried", "attempt", e.Attempt, "in", delay, "err", err)
		if err := d.store.DeferOutbox(ctx, entry.ID, e, d.now().Add(delay)); err != nil {
			log.Warn("defer failed; the entry will be taken over", "err", err)
		}
	}
}

// roomFailed remembers that a room could not be created, so the effects
// waiting for it give up at once instead of waiting.
func (d *deliverer) roomFailed(ctx context.Context, log *slog.Logger, e incident.Effect, reason string) {
	room, err := d.store.GetRoom(ctx, e.Incident, e.Platform)
	if err == nil && room.Channel == "" {
		room.Failed = reason
		err = d.store.SaveRoom(ctx, e.Incident, e.Platform, room)
	}
	if err != nil {
		log.Warn("recording the failed room", "err", err)
	}
}

// roomReady returns the room, a WaitFor error while it is being created, or
// a permanent error when its creation failed for good.
func (d *deliverer) roomReady(ctx context.Context, id, platform string) (redisstore.Room, error) {
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

func (d *deliverer) finish(ctx context.Context, log *slog.Logger, entry redisstore.OutboxEntry, effectID string) {
	if err := record(ctx, func(ctx context.Context) error { return d.store.DoneOutbox(ctx, entry.ID, effectID) }); err != nil {
		log.Warn("finishing outbox entry failed; it may be delivered again", "err", err)
	}
}

// failureText is what people see on the timeline: the service's own words
// without our wrapping.
func failureText(err error) string {
	var d *chat.DeliveryError
	if errors.As(err, &d) {
		return d.Err.Error()
	}
	return err.Error()
}

// backoff is exponential from 500 ms with jitter, capped.
func backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << min(attempt-1, 12)
	if d > maxBackoff {
		d = maxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

func (d *deliverer) deliver(ctx context.Context, e incident.Effect, retry bool) error {
	switch e.Kind {
	case incident.EffectRoomCreate:
		if e.Data["replaces"] != "" {
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
		return d.channelFile(ctx, e)
	case incident.EffectRoomClose:
		return d.closeRoom(ctx, e, retry)
	}
	return chat.Permanent(fmt.Errorf("unknown effect kind %q", e.Kind))
}

func (d *deliverer) chat(platform string) (Chat, error) {
	c, ok := d.chats[platform]
	if !ok {
		return nil, chat.Permanent(fmt.Errorf("platform %q is not configured", platform))
	}
	return c, nil
}

// createRoom creates the room once: the channel is saved before the
// incident records it, so a retry after a crash reuses it.
func (d *deliverer) createRoom(ctx context.Context, e incident.Effect) error {
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
	return d.svc.RoomCreated(ctx, inc.ID, e.Platform, room.Channel, room.Name)
}

// syncRoom brings a room up to date: the card posted (or edited in place)
// and every timeline entry not yet shown, in order. One worker at a time
// per room, so entries are never posted twice or out of order.
func (d *deliverer) syncRoom(ctx context.Context, e incident.Effect) error {
	c, err := d.chat(e.Platform)
	if err != nil {
		return err
	}
	lock := "room:" + e.Incident + ":" + e.Platform
	// The owner is this delivery, not this worker: a worker runs several
	// deliveries at once, and the lock must keep them apart too.
	owner := d.consumer + "/" + strconv.FormatUint(d.syncs.Add(1), 10)
	ok, err := d.store.Lock(ctx, lock, owner, d.now(), roomLockLease)
	if err != nil {
		return err
	}
	if !ok {
		return chat.WaitFor(roomNotReadyWait, errors.New("room busy with another worker"))
	}
	defer d.store.Unlock(context.WithoutCancel(ctx), lock, owner)
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
	hold := func() error {
		ok, err := d.store.Lock(ctx, lock, owner, d.now(), roomLockLease)
		if err == nil && !ok {
			err = chat.WaitFor(roomNotReadyWait, errors.New("room taken over by another worker"))
		}
		return err
	}
	if err := d.postTimeline(ctx, c, inc.ID, e.Platform, &room, hold); err != nil {
		return err
	}
	if inc, err = d.store.Get(ctx, e.Incident); err != nil {
		return err
	}
	if key := inc.CardKey(); key != room.Shown {
		if err := c.UpdateCard(ctx, room.Channel, room.Card, inc); err != nil {
			return err
		}
		room.Shown = key
		return d.store.SaveRoom(ctx, inc.ID, e.Platform, room)
	}
	return nil
}

// postCard posts the room's card once: what is being posted is saved
// first, so an attempt after a crash asks the platform before posting.
func (d *deliverer) postCard(ctx context.Context, c Chat, platform string, room *redisstore.Room, inc incident.Incident) error {
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
func (d *deliverer) pending(ctx context.Context, id, platform string, room *redisstore.Room, what string) error {
	if room.Pending == what {
		return nil
	}
	room.Pending = what
	return d.store.SaveRoom(ctx, id, platform, *room)
}

// postKey is the key of one post: id within this deployment.
func (d *deliverer) postKey(ctx context.Context, id string, retry bool) (chat.PostKey, error) {
	dep, err := d.store.DeploymentID(ctx)
	if err != nil {
		return chat.PostKey{}, err
	}
	return chat.PostKey{ID: dep + "/" + id, Retry: retry}, nil
}

func (d *deliverer) postTimeline(ctx context.Context, c Chat, id, platform string, room *redisstore.Room, hold func() error) error {
	for {
		entries, err := d.store.TimelineAfter(ctx, id, room.Cursor, timelineBatch)
		if err != nil {
			return err
		}
		for _, msg := range roomMessages(entries) {
			if err := hold(); err != nil {
				return err
			}
			// Saved before each post (what is being posted) and after it
			// (the cursor): a post cut short by a crash is looked for on
			// the platform before it is tried again.
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
			if err := record(ctx, func(ctx context.Context) error { return d.store.SaveRoom(ctx, id, platform, *room) }); err != nil {
				return err
			}
		}
		if len(entries) < timelineBatch {
			return nil
		}
	}
}

// roomMessage is one post in a room and the timeline position it covers.
type roomMessage struct {
	event incident.Event
	pos   string
}

// alertRunMax is the longest run of alert entries posted one by one; a
// longer run (an alert storm) becomes one summary message, so a room is
// readable and within chat rate limits. The timeline keeps every entry.
const alertRunMax = 3

func roomMessages(entries []redisstore.Entry) []roomMessage {
	var out []roomMessage
	var run []redisstore.Entry
	flush := func() {
		if len(run) <= alertRunMax {
			for _, en := range run {
				out = append(out, roomMessage{en.Event, en.Pos})
			}
		} else {
			out = append(out, roomMessage{alertSummary(run), run[len(run)-1].Pos})
		}
		run = nil
	}
	for _, en := range entries {
		if k := en.Event.Kind; k == incident.KindAlertFiring || k == incident.KindAlertResolved {
			run = append(run, en)
			continue
		}
		flush()
		out = append(out, roomMessage{en.Event, en.Pos})
	}
	flush()
	return out
}

func alertSummary(run []redisstore.Entry) incident.Event {
	firing, resolved := 0, 0
	var names []string
	for _, en := range run {
		if en.Event.Kind == incident.KindAlertFiring {
			firing++
		} else {
			resolved++
		}
		if len(names) < 3 {
			names = append(names, firstNonEmpty(en.Event.Details["summary"], en.Event.Details["alert"], en.Event.Details["fingerprint"]))
		}
	}
	kind, text := incident.KindAlertFiring, fmt.Sprintf("%d alerts firing", firing)
	if firing == 0 {
		kind, text = incident.KindAlertResolved, fmt.Sprintf("%d alerts resolved", resolved)
	} else if resolved > 0 {
		text += fmt.Sprintf(", %d resolved", resolved)
	}
	last := run[len(run)-1].Event
	return incident.NewEvent(last.At, kind, incident.Monitoring, "summary", text+": "+strings.Join(names, "; ")+"…")
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func (d *deliverer) invite(ctx context.Context, e incident.Effect) error {
	c, err := d.chat(e.Platform)
	if err != nil {
		return err
	}
	room, err := d.roomReady(ctx, e.Incident, e.Platform)
	if err != nil {
		return err
	}
	m, ok := d.svc.Directory().Member(e.Person)
	if !ok {
		return chat.Permanent(fmt.Errorf("%q is not a configured member", e.Person))
	}
	user := userOn(m, e.Platform)
	if user == "" {
		return nil // this person has no account on that platform
	}
	return c.Invite(ctx, room.Channel, user)
}

func userOn(m *handlers.Member, platform string) string {
	switch basePlatform(platform) {
	case "slack":
		return m.Slack
	case "discord":
		return m.Discord
	}
	return m.Name
}

// channelPost posts in a team's channel; "{room}" becomes a link to the
// incident's room, once the room exists.
func (d *deliverer) channelPost(ctx context.Context, e incident.Effect, retry bool) error {
	c, err := d.chat(e.Platform)
	if err != nil {
		return err
	}
	key, err := d.postKey(ctx, e.ID, retry)
	if err != nil {
		return err
	}
	if inRoom(e) {
		return d.roomPost(ctx, c, e, key)
	}
	text := e.Text
	if strings.Contains(text, "{room}") {
		room, err := d.roomReady(ctx, e.Incident, e.Platform)
		switch {
		case chat.IsPermanent(err):
			// The post still matters more than the link: say there is no room.
			text = strings.ReplaceAll(text, "{room}", "(no room on "+e.Platform+": "+room.Failed+")")
		case err != nil:
			return err
		default:
			text = strings.ReplaceAll(text, "{room}", c.RoomLink(room.Channel))
		}
	}
	return c.Post(ctx, e.Channel, key, text)
}

func (d *deliverer) page(ctx context.Context, e incident.Effect) error {
	if d.pager == nil {
		if e.Data["action"] == "trigger" {
			d.metrics.paged(e.Team, e.Data["side"]) // told in the team's channel only
		}
		return nil
	}
	inc, err := d.store.Get(ctx, e.Incident)
	if err != nil {
		return err
	}
	if e.Data["action"] == "trigger" && inc.Status == incident.StatusResolved {
		// Deliveries run side by side and a dead worker's come back 30 s
		// later, so a trigger can come after the incident's resolve went
		// out: sent then, it would open a new PagerDuty incident (its
		// dedup key closed) and page someone for nothing.
		d.log.Info("page not sent: the incident was resolved before it went out", "incident", e.Incident, "team", e.Team)
		return nil
	}
	if err := d.pager.Page(ctx, e, inc); err != nil {
		return err
	}
	if e.Data["action"] == "trigger" {
		d.metrics.paged(e.Team, e.Data["side"])
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
