package faults

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// PagerDuty answers 429 (without Retry-After) to every event for a minute
// of the bot's clock while ten incidents page the same routing key and two
// are acknowledged. Every trigger and acknowledgement reaches PagerDuty
// once, after the minute; while it lasts the bot keeps to PagerDuty's
// pace (30 s, then doubling) instead of retrying at once.
func TestPagerDuty429ForAMinute(t *testing.T) {
	t.Parallel()
	clock := bottest.NewClock(t0)
	sc := pdScenario()
	sc.Clock = clock
	var down *outage
	sc.PagerDuty.Via = func(base string) string {
		down = newOutage(t, base, clock.Now, t0.Add(time.Minute), tooManyRequests)
		return down.URL
	}
	w := sc.Start(t)
	b, fake := w.Bot, w.PagerDuty
	ctx := context.Background()

	const n = 10
	var ids []string
	for i := range n {
		got, err := deliver(b.URL, alert(fmt.Sprintf("db-%d", i), "firing"), 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, got[0])
	}
	bottest.Eventually(t, patience, func() bool { return pagedCount(ctx, b, ids) == n }, "every incident paged acme-it")
	for _, id := range ids[:2] {
		if r := b.Service().Handle(ctx, chat.Request{Platform: "console", User: "alice", Text: "ack " + id}); r.Ephemeral {
			t.Fatalf("ack %s: %s", id, r.Text)
		}
	}
	delivered := func() bool {
		for i, id := range ids {
			key := id + "/acme-it"
			if len(fake.EventsFor("trigger", key)) == 0 || (i < 2 && len(fake.EventsFor("acknowledge", key)) == 0) {
				return false
			}
		}
		return true
	}
	// A minute of 429s and up to nine more minutes, at 50× (the pager's
	// pacing runs on the bot's clock).
	end := t0.Add(10 * time.Minute)
	for clock.Now().Before(end) && !delivered() {
		clock.Advance(500 * time.Millisecond)
		time.Sleep(10 * time.Millisecond)
	}
	bottest.Eventually(t, patience, delivered, "every page and acknowledgement delivered: PagerDuty has %v", fake.Events())
	done := clock.Now()
	time.Sleep(time.Second) // a duplicate would show by now

	for i, id := range ids {
		key := id + "/acme-it"
		want := map[string]int{"trigger": 1, "acknowledge": 0}
		if i < 2 {
			want["acknowledge"] = 1
		}
		for action, w := range want {
			if got := len(fake.EventsFor(action, key)); got != w {
				t.Errorf("%s: %d %s events, want %d", key, got, action, w)
			}
		}
		tl, _ := b.Store().Timeline(ctx, id)
		if k := count(tl, incident.KindDeliveryFailed); k > 0 {
			t.Errorf("%s: %d deliveries given up: %s", id, k, kindsOf(tl))
		}
	}
	// Pace: how the refused attempts spread over the minute, in 10 s bins.
	bins := make([]int, 6)
	for _, at := range down.failedTimes() {
		bins[min(int(at.Sub(t0)/(10*time.Second)), 5)]++
	}
	failed, passed := down.counts()
	t.Logf("PagerDuty 429 for 1m0s (bot clock): %d events refused (per 10 s of the minute: %v), %d accepted after; all %d triggers and 2 acknowledgements delivered once, the last %v after the 429s stopped",
		failed, bins, passed, n, done.Sub(down.until).Round(time.Second))
	// Retrying at once would make hundreds of attempts in a minute; the
	// pace allows a round per waiting event when the hold ends (30 s, then
	// doubling): a handful of rounds at most.
	if maxPerRound := n + 2; failed > 3*maxPerRound {
		t.Errorf("%d attempts in the minute of 429s: not paced (at most %d expected)", failed, 3*maxPerRound)
	}
	// After the first refusal the routing key is held for 30 s: from 10 s
	// to 30 s nothing goes out but what was in flight (one per worker).
	if held := slices.Max(bins[1:3]); held > 4 {
		t.Errorf("attempts per 10 s %v: %d sent while the routing key was held", bins, held)
	}
}
