package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// People written with only an e-mail address are found on Slack
// (users.lookupByEmail) and PagerDuty (GET /users?query=) at start; a
// rate-limited lookup waits its Retry-After and tries again; an address
// nobody has is said in the log; and a restart takes the answers from
// Redis without asking again.
func TestMembersResolvedByEmail(t *testing.T) {
	sc := acme()
	sc.Teams[0].Members = []bottest.Member{{Name: "Alice", Email: "alice@example.com"}, {Name: "Bob", Email: "bob@example.com"}}
	sc.Slack = &bottest.Slack{Channels: map[string]string{"C01OPS": "acme-it", "C02NOC": "noc", "C01MGRS": "managers"},
		Before: func(s *slacktest.Server) {
			s.AddUser("U01ALICE", "Alice@Example.com")
			s.FailNext("users.lookupByEmail", 1, 429, time.Second) // the first lookup is rate limited
		}}
	sc.PagerDuty = &bottest.PagerDuty{Before: func(s *pagerdutytest.Server) {
		s.AddUser(pagerdutytest.User{ID: "PALICE", Name: "Alice", Email: "alice@example.com"})
		s.AddUser(pagerdutytest.User{ID: "PALICE2", Name: "Alice Two", Email: "alice@example.com.au"}) // query matches by substring
	}}
	w := sc.Start(t)

	checkResolved(t, w.Bot)
	if m, ok := w.Service().Directory().Member("Bob"); !ok || m.Accounts["slack"] != "" {
		t.Errorf("Bob has a Slack account nobody gave him: %+v", m)
	}
	if !strings.Contains(w.Logs.String(), `nobody has this member's e-mail address" member=Bob platform=slack`) {
		t.Errorf("the log does not say Bob is unknown on Slack:\n%s", w.Logs)
	}
	calls := w.Slack.Calls("users.lookupByEmail")
	if len(calls) != 3 || calls[0].Answer != "ratelimited" {
		t.Fatalf("want a rate-limited lookup, then one for Alice and one for Bob; got %+v", calls)
	}
	if calls[1].Params["email"] != calls[0].Params["email"] {
		t.Errorf("the rate-limited lookup was not tried again: %+v", calls)
	}
	pdCalls := w.PagerDuty.RESTRequests()

	w.Bot.Stop()
	again := w.StartAnother(t)
	checkResolved(t, again)
	if n := len(w.Slack.Calls("users.lookupByEmail")); n != 3 {
		t.Errorf("the restart looked people up again on Slack: %d lookups in all", n)
	}
	if n := w.PagerDuty.RESTRequests(); n != pdCalls {
		t.Errorf("the restart asked PagerDuty again: %d requests, was %d", n, pdCalls)
	}
}

// checkResolved checks that b knows Alice by the Slack ID and the
// PagerDuty user her address resolved to.
func checkResolved(t *testing.T, b *bottest.Bot) {
	t.Helper()
	if m, ok := b.Service().Directory().Lookup("slack", "U01ALICE"); !ok || m.Name != "Alice" {
		t.Errorf("Slack user U01ALICE is not Alice: %+v %v", m, ok)
	}
	l, ok, err := b.Store().CachedLookup(context.Background(), "pagerduty", "alice@example.com")
	if err != nil || !ok || l.ID != "PALICE" {
		t.Errorf("Alice's PagerDuty user: %+v %v %v", l, ok, err)
	}
}

// A person who joins Slack after the start is recognised at the next
// daily refresh, without a restart; before the day is out the cache
// answers and Slack is not asked.
func TestMemberFoundByEmailAtDailyRefresh(t *testing.T) {
	sc := acme()
	sc.Teams[0].Members = []bottest.Member{{Name: "Alice", Slack: "U01ALICE"}, {Name: "Bob", Email: "bob@example.com"}}
	sc.Slack = &bottest.Slack{Channels: map[string]string{"C01OPS": "acme-it", "C02NOC": "noc", "C01MGRS": "managers"}}
	sc.At = tuesday10
	w := sc.Start(t)
	if _, ok := w.Service().Directory().Lookup("slack", "U01BOB"); ok {
		t.Fatal("Bob known before he joined Slack")
	}
	w.Slack.AddUser("U01BOB", "bob@example.com")
	bot.RefreshPeople(w.Bot.Bot, context.Background())
	if n := len(w.Slack.Calls("users.lookupByEmail")); n != 1 {
		t.Fatalf("asked Slack again within the day: %d lookups", n)
	}
	w.Clock.Advance(25 * time.Hour)
	bot.RefreshPeople(w.Bot.Bot, context.Background())
	if m, ok := w.Service().Directory().Lookup("slack", "U01BOB"); !ok || m.Name != "Bob" {
		t.Fatalf("Bob not found at the daily refresh: %+v %v", m, ok)
	}
	if m, _ := w.Service().Directory().Member("Bob"); m.Accounts["slack"] != "U01BOB" {
		t.Errorf("Bob's accounts: %v", m.Accounts)
	}
}
