package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// ladderYAML is a two-team ladder with short waits, always in the window.
// Its tests open hundreds (the timer benchmark 10,000) of incidents a
// minute, each its own: the storm guard is set out of their way.
func ladderYAML(t testing.TB, redisURL, wait string) string {
	return fmt.Sprintf(`timezone: America/Chicago
redis: {url: %q, prefix: %q}
calendars:
  office:
    business_hours:
      - {days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00"}
teams:
  acme-it:
    side: internal
    members: [{name: Alice}]
  noc:
    side: msp
    members: [{name: Nora}]
services:
  - {name: database, owner: acme-it, ladder: standard, severity: sev2}
ladders:
  standard:
    calendar: office
    steps:
      - {notify: [acme-it], wait: %s}
      - {notify: [noc], wait: %s}
reminders: {unacked_every: 1h, update_every: 1h}
sources:
  generic: {token_env: TOKEN, max_new_per_minute: 1000000}
api: {token_env: API_TOKEN}
`, redisURL, redistest.Prefix(t), wait, wait)
}

func paged(t *testing.T, b *bottest.Bot, id string) []string {
	t.Helper()
	tl, err := b.Store().Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var teams []string
	for _, e := range tl {
		if e.Kind == incident.KindPaged {
			teams = append(teams, e.Details["team"])
		}
	}
	return teams
}

func openAlert(t *testing.T, b *bottest.Bot, key string) string {
	t.Helper()
	code, body := bottest.Do(t, "POST", b.URL+"/webhooks/generic", fmt.Sprintf(`{"summary":"down %s","dedup_key":%q,"service":"database"}`, key, key), auth)
	if code != 202 {
		t.Fatalf("webhook: %d %s", code, body)
	}
	return body[strings.Index(body, "INC-"):strings.LastIndex(body, `"]`)]
}

// No ack: the second step fires once when its wait is over, and the ladder
// then holds. The clock jumps: nothing sleeps through the 10-minute wait.
func TestLadderSecondStepFiresOnce(t *testing.T) {
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, bottest.Config(t, ladderYAML(t, redistest.URL(t), "10m"), testEnv), bot.Options{Now: clock.Now})
	id := openAlert(t, b, "db")
	bottest.Eventually(t, 5*time.Second, func() bool { return len(paged(t, b, id)) == 1 }, "step 1 paged")
	time.Sleep(200 * time.Millisecond)
	if got := paged(t, b, id); strings.Join(got, ",") != "acme-it" {
		t.Fatalf("before the wait: %v", got)
	}
	clock.Advance(10 * time.Minute)
	bottest.Eventually(t, 5*time.Second, func() bool { return len(paged(t, b, id)) == 2 }, "step 2 paged")
	clock.Advance(time.Hour) // past every wait: the ladder holds
	time.Sleep(300 * time.Millisecond)
	if got := paged(t, b, id); strings.Join(got, ",") != "acme-it,noc" {
		t.Fatalf("pages %v, want acme-it then noc, once each", got)
	}
	if n := strings.Count(b.Out.String(), "📟 PAGE"); n != 2 {
		t.Fatalf("%d pages delivered, want 2", n)
	}
}

// An ack within the wait stops the ladder: nothing more fires.
func TestLadderAckStops(t *testing.T) {
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, bottest.Config(t, ladderYAML(t, redistest.URL(t), "10m"), testEnv), bot.Options{Now: clock.Now})
	id := openAlert(t, b, "db")
	bottest.Eventually(t, 5*time.Second, func() bool { return len(paged(t, b, id)) == 1 }, "step 1 paged")
	clock.Advance(5 * time.Minute)
	resp := b.Service().Handle(context.Background(), chat.Request{Platform: "console", User: "alice", Text: "ack " + id})
	if !strings.Contains(resp.Text, "acknowledged") {
		t.Fatalf("ack: %q", resp.Text)
	}
	clock.Advance(time.Hour)
	time.Sleep(300 * time.Millisecond)
	if got := paged(t, b, id); len(got) != 1 {
		t.Fatalf("pages after ack: %v", got)
	}
	ctx := context.Background()
	if _, ok, _ := b.Store().TimerDue(ctx, incident.TimerID(id, incident.TimerLadder)); ok {
		t.Fatal("the ladder timer survived the ack")
	}
	if _, ok, _ := b.Store().TimerDue(ctx, incident.TimerID(id, incident.TimerRemindUpdate)); !ok {
		t.Fatal("no update reminder after the ack")
	}
}

// Three bots on one Redis, 200 incidents with 2 s waits: every
// notification exactly once.
func TestLadderThreeReplicas200Incidents(t *testing.T) {
	url := redistest.URL(t)
	yaml := ladderYAML(t, url, "2s")
	var bots []*bottest.Bot
	for range 3 {
		bots = append(bots, bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{}))
	}
	const n = 200
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { ids[i] = openAlert(t, bots[i%3], fmt.Sprintf("svc-%d", i)) })
	}
	wg.Wait()
	bottest.Eventually(t, 30*time.Second, func() bool {
		for _, id := range ids {
			if len(paged(t, bots[0], id)) < 2 {
				return false
			}
		}
		return true
	}, "both steps of all %d incidents", n)
	delivered := func() int {
		total := 0
		for _, b := range bots {
			total += strings.Count(b.Out.String(), "📟 PAGE")
		}
		return total
	}
	bottest.Eventually(t, 30*time.Second, func() bool { return delivered() >= 2*n }, "%d pages delivered", 2*n)
	time.Sleep(2500 * time.Millisecond) // a full wait more: any duplicate or extra step shows
	for _, id := range ids {
		if got := paged(t, bots[0], id); strings.Join(got, ",") != "acme-it,noc" {
			t.Fatalf("%s paged %v, want acme-it then noc once each", id, got)
		}
	}
	if got := delivered(); got != 2*n {
		t.Fatalf("%d pages delivered across replicas, want %d", got, 2*n)
	}
}
