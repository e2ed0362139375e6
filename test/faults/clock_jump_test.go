package faults

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// jumpScenario: an office calendar (hand-over at 18:00 and 08:00
// Chicago), a three-step ladder 10 minutes apart repeated once, reminders
// every 5 minutes, an SLA, and a weekly report due Tuesday 17:45.
func jumpScenario() bottest.Scenario {
	sc := acmeAndNOC("unacked_every: 5m, update_every: 10m", step("10m", "acme-it"), step("10m", "noc"), step("10m", "noc", "acme-it"))
	sc.Timezone, sc.Calendar, sc.Ladders[0].Repeat = "America/Chicago", &bottest.Office, 1
	sc.Managers = bottest.Team{Members: []bottest.Member{{Name: "Maria"}}}
	sc.YAML += "sla: {sev2: {ack: 15m, resolve: 8h}}\nreports: {weekly: \"CRON_TZ=America/Chicago 45 17 * * TUE\"}\n"
	return sc
}

// The wall clock jumps forward (an NTP correction, a VM resumed, a bot
// that was down): what came due in the gap runs once, at the jump, not
// once per missed period. Open incidents take one ladder step (the next),
// one reminder, one SLA breach; the acknowledged one one update reminder;
// each calendar one hand-over; the weekly report is posted once.
func TestClockJumpsForward(t *testing.T) {
	t.Parallel()
	for _, jump := range []time.Duration{time.Hour, 25 * time.Hour} {
		t.Run(jump.String(), func(t *testing.T) {
			t.Parallel()
			clockJump(t, jump)
		})
	}
}

func clockJump(t *testing.T, jump time.Duration) {
	// Tuesday 17:30 in Chicago: the weekly report (17:45) and the
	// hand-over (18:00) are inside the first hour.
	start := time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC)
	sc := jumpScenario()
	sc.At = start
	w := sc.Start(t)
	b, clock := w.Bot, w.Clock
	ctx := context.Background()
	var ids []string
	for i := range 4 {
		got, err := deliver(b.URL, alert(fmt.Sprintf("db-%d", i), "firing"), 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, got[0])
	}
	acked := ids[3]
	if r := b.Service().Handle(ctx, chat.Request{Platform: "console", User: "alice", Text: "ack " + acked}); r.Ephemeral {
		t.Fatal(r.Text)
	}
	bottest.Eventually(t, patience, func() bool { return pagedCount(ctx, b, ids[:3]) == 3 }, "step 1 of the open incidents")
	before := map[string][]incident.Event{}
	for _, id := range ids {
		before[id], _ = b.Store().Timeline(ctx, id)
	}

	clock.Advance(jump)
	// Let everything due run, then some more: a burst would show.
	bottest.Eventually(t, patience, func() bool {
		out := b.Out.String()
		return strings.Count(out, "🔁 Hand-over") >= 2 && strings.Contains(out, "[#managers] 📊") && pagedCount(ctx, b, ids[:3]) >= 6
	}, "the jump's work done:\n%s", b.Out)
	time.Sleep(1500 * time.Millisecond)
	added := func(id string, k incident.Kind, details ...string) int {
		tl, err := b.Store().Timeline(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return count(tl, k, details...) - count(before[id], k, details...)
	}
	for _, id := range ids[:3] {
		got := map[string]int{
			"ladder step": added(id, incident.KindPaged, "step", "2"), "later steps": added(id, incident.KindPaged, "step", "3"),
			"reminder": added(id, incident.KindReminded), "ack SLA breach": added(id, incident.KindSLABreached, "sla", "ack"),
			"resolve SLA breach": added(id, incident.KindSLABreached, "sla", "resolve"), "hand-over": added(id, incident.KindHandoff),
		}
		want := map[string]int{"ladder step": 1, "later steps": 0, "reminder": 1, "ack SLA breach": 1, "resolve SLA breach": 0, "hand-over": 1}
		if jump > 8*time.Hour {
			want["resolve SLA breach"] = 1 // the 8 h target passed too
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s after a %v jump: %v, want %v", id, jump, got, want)
		}
	}
	if got := added(acked, incident.KindReminded, "reminder", "update"); got != 1 {
		t.Errorf("%s (acknowledged): %d update reminders after the jump, want 1", acked, got)
	}
	out := b.Out.String()
	for _, ch := range []string{"#acme-it", "#noc"} {
		if n := strings.Count(out, "["+ch+"] 🔁 Hand-over"); n != 1 {
			t.Errorf("%s: %d hand-overs after a %v jump, want 1", ch, n, jump)
		}
	}
	if n := strings.Count(out, "[#managers] 📊"); n != 1 {
		t.Errorf("%d weekly reports after a %v jump, want 1", n, jump)
	}
	// And the ladder goes on from the jump, one step per wait.
	clock.Advance(10 * time.Minute)
	bottest.Eventually(t, patience, func() bool { return added(ids[0], incident.KindPaged, "step", "3") >= 1 }, "step 3 ten minutes later")
	time.Sleep(500 * time.Millisecond)
	for _, id := range ids[:3] {
		if n := added(id, incident.KindPaged, "step", "3"); n != 2 { // noc and acme-it
			t.Errorf("%s: step 3 paged %d teams, want 2", id, n)
		}
	}
	t.Logf("clock jumped %v: each open incident got 1 ladder step, 1 reminder, 1 breach per SLA passed, 1 hand-over; the acknowledged one 1 update reminder; 1 hand-over per team channel; 1 weekly report", jump)
}

// The clock jumps an hour while a room catches up at Slack's pace (a
// message a second) and a new entry queues a second sync: the room lock's
// lease, kept on the wall clock, has run out at once, so the second sync
// may take the room over. The first stops before its next post (it renews
// the lease before each); the message it was about to post, the second
// finds by its key when its turn in the channel comes (after the first's).
// Only a first post slower than Slack's pace (a second) could still show
// twice, so one repeat is tolerated; everything arrives, in order.
func TestClockJumpDuringRoomCatchUp(t *testing.T) {
	t.Parallel()
	sc := slackScenario()
	sc.At = t0
	w := sc.Start(t)
	b, fake, clock := w.Bot, w.Slack, w.Clock
	ctx := context.Background()
	ids, err := deliver(b.URL, alert("db", "firing"), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	id := ids[0]
	for i := range 10 {
		if r := b.Service().Handle(ctx, chat.Request{Platform: "slack", User: "U01ALICE", Channel: "C01OPS", Text: fmt.Sprintf("note %s step %d", id, i)}); r.Ephemeral {
			t.Fatal(r.Text)
		}
	}
	room := func() roomReport {
		inc, _ := b.Store().Get(ctx, id)
		return readRoom(fake, inc.Room["slack"])
	}
	bottest.Eventually(t, patience, func() bool { return len(room().messages) >= 4 }, "the room catching up")
	clock.Advance(time.Hour)
	if r := b.Service().Handle(ctx, chat.Request{Platform: "slack", User: "U01ALICE", Channel: "C01OPS", Text: "note " + id + " after the jump"}); r.Ephemeral {
		t.Fatal(r.Text)
	}
	var tl []incident.Event
	bottest.Eventually(t, 60*time.Second, func() bool {
		tl, _ = b.Store().Timeline(ctx, id)
		return len(room().messages) >= len(tl)
	}, "the room caught up")
	time.Sleep(time.Second)
	tl, _ = b.Store().Timeline(ctx, id)
	r := room()
	t.Logf("clock jumped 1h during a room catch-up of %d entries: %d messages posted twice %q", len(tl), len(r.duplicates), r.duplicates)
	if len(r.duplicates) > 1 {
		t.Errorf("%d messages posted twice, at most 1 expected", len(r.duplicates))
	}
	var uniqMsgs []string
	for _, m := range r.messages {
		if !slices.Contains(uniqMsgs, m) {
			uniqMsgs = append(uniqMsgs, m)
		}
	}
	if err := inOrder(tl, uniqMsgs); err != nil {
		t.Error(err)
	}
}
