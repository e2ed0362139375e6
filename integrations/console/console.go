// Package console is the chat of the embedded demo: rooms, cards, timeline
// messages and pages printed readably in the terminal, and /incident
// commands typed on stdin, with /as NAME to switch who is typing.
package console

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Console prints to out. It is safe for concurrent use.
type Console struct {
	mu    sync.Mutex
	out   io.Writer
	loc   *time.Location
	now   func() time.Time
	cards int
	// posted: the key of each message printed → its ID, so a retry of a
	// post that went out prints nothing (cleared when it grows past
	// maxPosted: a retry comes within minutes, and the demo runs for days).
	posted map[string]string
	// FilesDir is where UploadFile writes files; "" means a private
	// folder (0700) made in the OS temp dir at the first file, not a fixed
	// path another local user could create first or read.
	FilesDir string
}

// New returns a console writing to out, showing times in loc.
func New(out io.Writer, loc *time.Location, now func() time.Time) *Console {
	if loc == nil {
		loc = time.UTC
	}
	if now == nil {
		now = time.Now
	}
	return &Console{out: out, loc: loc, now: now, posted: map[string]string{}}
}

// Platform is "console".
func (c *Console) Platform() string { return "console" }

func (c *Console) printf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.out, format, args...)
}

// MaxRoomName is Slack's limit, so the console shows the name the Slack
// channel would have.
func (c *Console) MaxRoomName() int { return 80 }

// CreateRoom "creates" a room: the console prints it and uses "#name" as
// the channel ID.
func (c *Console) CreateRoom(_ context.Context, name string, inc incident.Incident) (string, string, error) {
	c.printf("\n── room #%s created for %s ──\n", name, inc.ID)
	return "#" + name, name, nil
}

// RoomLink is the room's name.
func (c *Console) RoomLink(channel string) string { return channel }

// PostCard prints the incident card and returns its message ID.
func (c *Console) PostCard(_ context.Context, channel string, key chat.PostKey, inc incident.Incident) (string, error) {
	c.mu.Lock()
	if id, ok := c.posted[key.ID]; ok && key.Retry {
		c.mu.Unlock()
		return id, nil
	}
	c.cards++
	id := fmt.Sprintf("card-%d", c.cards)
	c.remember(key, id)
	c.mu.Unlock()
	c.printCard(channel, "card", inc)
	return id, nil
}

const maxPosted = 10_000

// remember records a post's key; c.mu is held.
func (c *Console) remember(key chat.PostKey, id string) {
	if key.ID == "" {
		return
	}
	if len(c.posted) >= maxPosted {
		clear(c.posted)
	}
	c.posted[key.ID] = id
}

// UpdateCard prints the card again, marked as an update in place.
func (c *Console) UpdateCard(_ context.Context, channel, _ string, inc incident.Incident) error {
	c.printCard(channel, "card updated", inc)
	return nil
}

func (c *Console) printCard(channel, label string, inc incident.Incident) {
	lines := chat.StatusLines(inc, c.now())
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] ┌─ %s\n", channel, label)
	for _, l := range lines {
		fmt.Fprintf(&b, "[%s] │ %s\n", channel, l)
	}
	if inc.Status != incident.StatusResolved {
		fmt.Fprintf(&b, "[%s] └─ [Acknowledge] [Escalate] [Resolve]   (type /incident ack %s)\n", channel, inc.ID)
	} else {
		fmt.Fprintf(&b, "[%s] └─\n", channel)
	}
	c.printf("%s", b.String())
}

// Post prints a message in a room or channel.
func (c *Console) Post(_ context.Context, channel string, key chat.PostKey, text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.posted[key.ID]; ok && key.Retry {
		return nil
	}
	c.remember(key, key.ID)
	fmt.Fprintf(c.out, "[%s] %s\n", channel, text)
	return nil
}

// PostEvent prints a timeline entry in the room.
func (c *Console) PostEvent(ctx context.Context, channel string, key chat.PostKey, e incident.Event) error {
	return c.Post(ctx, channel, key, chat.FormatEvent(e, c.loc))
}

// Invite prints that a person was invited into the room.
func (c *Console) Invite(_ context.Context, channel, user string) error {
	c.printf("[%s] ➕ %s invited\n", channel, user)
	return nil
}

// Page prints a page: until PagerDuty is configured, the console is where
// the demo shows who would be paged.
func (c *Console) Page(_ context.Context, e incident.Effect, inc incident.Incident) error {
	switch e.Data[incident.DataAction] {
	case incident.PageTrigger:
		who := e.Person
		if who == "" {
			who = "the on-call"
		}
		c.printf("📟 PAGE %s of %s (%s, step %s): %s [%s] %s\n", who, e.Team, incident.Side(e.Data[incident.DataSide]).Label(), e.Data[incident.DataStep], inc.ID, inc.Severity, inc.Title)
	default:
		c.printf("📟 page of %s for %s: %s\n", e.Team, inc.ID, e.Data[incident.DataAction])
	}
	return nil
}
