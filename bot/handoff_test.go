package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// At 18:00 Chicago the office calendar goes after hours: one hand-over
// summary per team channel, with every open incident, even with two
// replicas; the next hand-over is the next morning at 08:00.
func TestHandoffAtCalendarBoundary(t *testing.T) {
	url := redistest.URL(t)
	yaml := testYAML(t, url, "")
	clock := bottest.NewClock(time.Date(2026, 12, 1, 23, 55, 0, 0, time.UTC)) // Tue 17:55 CST
	a := bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now})
	b := bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now})
	openAlert(t, a, "db")
	a.Service().Handle(context.Background(), chat.Request{Platform: "console", User: "alice", Text: "declare VPN flapping --sev 1 --service network"})
	a.Service().Handle(context.Background(), chat.Request{Platform: "console", User: "alice", Text: "ack INC-2"})
	bottest.Eventually(t, 5*time.Second, func() bool { return strings.Contains(a.Out.String()+b.Out.String(), "PAGE") }, "first page")

	clock.Advance(5*time.Minute + time.Second) // 18:00:01 CST
	both := func() string { return a.Out.String() + b.Out.String() }
	bottest.Eventually(t, 5*time.Second, func() bool { return strings.Count(both(), "🔁 Hand-over") >= 2 }, "hand-over posted: %s", a.Out)
	time.Sleep(300 * time.Millisecond)
	out := both()
	if n := strings.Count(out, "[#acme-it] 🔁 Hand-over (office, Tue 18:00 CST): business hours → after hours. 2 open incident(s):"); n != 1 {
		t.Fatalf("acme-it got %d hand-overs:\n%s", n, out)
	}
	if n := strings.Count(out, "[#noc] 🔁 Hand-over"); n != 1 {
		t.Fatalf("noc got %d hand-overs", n)
	}
	for _, want := range []string{"INC-1 [sev2] down db · open, not held · next:", "INC-2 [sev1] VPN flapping · acked, held by Alice (internal) · next update due"} {
		if !strings.Contains(out, want) {
			t.Fatalf("summary lacks %q:\n%s", want, out)
		}
	}
	due, ok, _ := a.Store().TimerDue(context.Background(), "handoff/office")
	if want := time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC); !ok || !due.Equal(want) {
		t.Fatalf("next hand-over %v (%v), want %v (08:00 CST)", due, ok, want)
	}
	// The ladder's step 2 comes due in the same second, so the hand-over
	// entry is not always the last one: it is there once.
	tl, _ := a.Store().Timeline(context.Background(), "INC-1")
	var handoffs []incident.Event
	for _, e := range tl {
		if e.Kind == "handoff" {
			handoffs = append(handoffs, e)
		}
	}
	if len(handoffs) != 1 || handoffs[0].Details["to"] != "after_hours" {
		t.Fatalf("INC-1 hand-over entries: %+v", handoffs)
	}
}

// A hand-over cut short by a crash (its entries written, its posts not yet
// enqueued) runs again when its timer comes back: the posts go out once
// and no incident gets a second hand-over entry.
func TestHandoffRunAgainAfterCrash(t *testing.T) {
	yaml := testYAML(t, redistest.URL(t), "")
	clock := bottest.NewClock(time.Date(2026, 12, 1, 23, 55, 0, 0, time.UTC)) // Tue 17:55 CST
	a := bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: clock.Now})
	openAlert(t, a, "db")
	bottest.Eventually(t, 5*time.Second, func() bool { return strings.Contains(a.Out.String(), "PAGE") }, "first page")
	ctx := context.Background()
	boundary := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC) // 18:00 CST
	clock.Advance(5 * time.Minute)
	// The crashed run: entries written, posts built but never enqueued.
	if _, err := a.Service().Handoff(ctx, a.Service().Calendars()["office"], boundary); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second) // the timer comes due (its lease ran out)
	bottest.Eventually(t, 5*time.Second, func() bool { return strings.Contains(a.Out.String(), "[#acme-it] 🔁 Hand-over") }, "hand-over posted:\n%s", a.Out)
	time.Sleep(300 * time.Millisecond)
	if n := strings.Count(a.Out.String(), "[#acme-it] 🔁 Hand-over"); n != 1 {
		t.Fatalf("acme-it got %d hand-overs", n)
	}
	tl, _ := a.Store().Timeline(ctx, "INC-1")
	n := 0
	for _, e := range tl {
		if e.Kind == "handoff" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("INC-1 has %d hand-over entries, want 1", n)
	}
}
