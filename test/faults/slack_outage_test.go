package faults

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Slack answers 500 to everything for two minutes (of the bot's clock),
// then recovers. Meanwhile incidents open, are acknowledged and noted. In
// the end each room exists once, shows one card and every timeline entry
// once, in timeline order; each team post arrives once; nothing is given
// up (no delivery.failed).
func TestSlackDownTwoMinutes(t *testing.T) {
	t.Parallel()
	clock := bottest.NewClock(t0)
	sc := slackScenario()
	sc.Clock = clock
	var down *outage
	sc.Slack.Via = func(base string) string {
		down = newOutage(t, base, clock.Now, t0.Add(2*time.Minute), serverError)
		return down.URL
	}
	w := sc.Start(t)
	b, fake := w.Bot, w.Slack
	ctx := context.Background()

	// During the outage: three incidents, one acknowledged, one noted.
	const n = 3
	var ids []string
	for i := range n {
		got, err := deliver(b.URL, alert(fmt.Sprintf("db-%d", i), "firing"), 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, got[0])
	}
	for _, a := range []struct{ user, text string }{{"U01ALICE", "ack " + ids[0]}, {"U02NORA", "note " + ids[1] + " looking at the disks"}} {
		r := b.Service().Handle(ctx, chat.Request{Platform: "slack", User: a.user, Channel: "C01OPS", Text: a.text})
		if r.Ephemeral {
			t.Fatalf("%s: %s", a.text, r.Text)
		}
	}
	// Time passes: during the outage at 100× (nothing gets through, so
	// nothing depends on real time), after it at 10×, in 10 s steps: the
	// Slack client keeps its pace of a message a second per channel in real
	// time, so a post told to wait is back about a real second later.
	settled := func() bool {
		for _, id := range ids {
			inc, err := b.Store().Get(ctx, id)
			if err != nil || inc.Room["slack"] == "" {
				return false
			}
			tl, _ := b.Store().Timeline(ctx, id)
			if len(readRoom(fake, inc.Room["slack"]).messages) < len(tl) {
				return false
			}
		}
		depth, _ := b.Store().OutboxDepth(ctx)
		return depth == 0 && len(fake.Messages("C01OPS")) >= pagedCount(ctx, b, ids)
	}
	end := t0.Add(12 * time.Minute)
	var recovered time.Time
	for clock.Now().Before(end) && recovered.IsZero() {
		if clock.Now().Before(down.until) {
			clock.Advance(time.Second)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		clock.Advance(10 * time.Second)
		if until(time.Second, settled) {
			recovered = clock.Now()
		}
	}
	if !until(30*time.Second, settled) {
		var state []string
		for _, id := range ids {
			inc, _ := b.Store().Get(ctx, id)
			tl, _ := b.Store().Timeline(ctx, id)
			state = append(state, fmt.Sprintf("%s room %q: messages %q for %s", id, inc.Room["slack"], readRoom(fake, inc.Room["slack"]).messages, kindsOf(tl)))
		}
		depth, _ := b.Store().OutboxDepth(ctx)
		timers, _ := b.Store().PendingTimers(ctx)
		var calls []string
		for _, c := range fake.Calls("") {
			calls = append(calls, c.Method+" "+c.Answer)
		}
		t.Fatalf("not delivered after Slack came back (clock %s): %s; outbox %d, timers %d; team posts %d/%d; Slack calls: %v\nlogs:\n%s",
			clock.Now().Sub(t0), strings.Join(state, "; "), depth, timers, len(fake.Messages("C01OPS")), len(fake.Messages("C02NOC")), calls, lastLines(b.Logs.String(), 30))
	}
	time.Sleep(time.Second) // a duplicate would show by now
	failed, passed := down.counts()

	rooms := fake.OKCalls("conversations.create")
	if len(rooms) != n {
		t.Errorf("%d rooms created, want %d", len(rooms), n)
	}
	for _, id := range ids {
		inc, err := b.Store().Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		tl, err := b.Store().Timeline(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		room := readRoom(fake, inc.Room["slack"])
		if room.cards != 1 || len(room.duplicates) > 0 {
			t.Errorf("%s: %d cards, messages twice: %q", id, room.cards, room.duplicates)
		}
		if err := inOrder(tl, room.messages); err != nil {
			t.Errorf("%s: %v", id, err)
		}
		if k := count(tl, incident.KindDeliveryFailed); k > 0 {
			t.Errorf("%s: %d deliveries given up: %s", id, k, kindsOf(tl))
		}
	}
	for ch, want := range map[string]int{"C01OPS": pagedCount(ctx, b, ids), "C02NOC": 0} {
		if got := len(fake.Messages(ch)); got != want {
			t.Errorf("%s: %d posts, want %d", ch, got, want)
		}
	}
	t.Logf("Slack down %v (bot clock): %d calls answered 500, %d passed after; everything delivered within %v after it came back (10 s steps); %d rooms, each with 1 card and every entry once, in order",
		down.until.Sub(t0), failed, passed, recovered.Sub(down.until).Round(10*time.Second), len(rooms))
}

// inOrder checks that a room's messages are the incident's timeline
// entries, each once, in timeline order.
func inOrder(tl []incident.Event, msgs []string) error {
	if len(msgs) != len(tl) {
		return fmt.Errorf("%d messages for %d timeline entries (%s):\n%s", len(msgs), len(tl), kindsOf(tl), strings.Join(msgs, "\n"))
	}
	for i, e := range tl {
		desc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(chat.DescribeEvent(e))
		if !shows(msgs[i], e.At.Unix(), desc) {
			return fmt.Errorf("message %d is %q, want entry %s (%s)", i+1, msgs[i], e.Kind, desc)
		}
	}
	return nil
}

// lastLines returns the last n lines of s that are not debug logs.
func lastLines(s string, n int) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, "level=DEBUG") {
			out = append(out, l)
		}
	}
	return strings.Join(out[max(0, len(out)-n):], "\n")
}

// pagedCount counts the paged entries of the incidents: each is one post
// in the team's channel.
func pagedCount(ctx context.Context, b *bottest.Bot, ids []string) int {
	n := 0
	for _, id := range ids {
		tl, _ := b.Store().Timeline(ctx, id)
		n += count(tl, incident.KindPaged)
	}
	return n
}
