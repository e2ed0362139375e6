package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// oncallYAML is ladderYAML with a two-person weekly rotation in acme-it
// (Alice this week of tuesday10, Bob next) and Carol outside the team.
func oncallYAML(t testing.TB, redisURL string) string {
	y := ladderYAML(t, redisURL, "10m")
	return strings.Replace(y, "    members: [{name: Alice}]\n", `    members: [{name: Alice}, {name: Bob}]
    rotation: {members: [Alice, Bob], handoff: "mon 09:00", start: "2026-11-30"}
  carols:
    side: internal
    members: [{name: Carol}]
`, 1)
}

// pagedPeople are the people paged for incident id, in order.
func pagedPeople(t *testing.T, b *bottest.Bot, id string) []string {
	t.Helper()
	tl, err := b.Store().Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var people []string
	for _, e := range tl {
		if e.Kind == incident.KindPaged {
			people = append(people, e.Details[incident.DetailPerson])
		}
	}
	return people
}

// say types a command in b's console as who.
func say(b *bottest.Bot, who, text string) chat.Response {
	return b.Service().Handle(context.Background(), chat.Request{Platform: "console", User: who, Name: who, Text: text})
}

// An override for 2h from chat: the next page for acme-it goes to Bob;
// once it has run out, pages go back to the rotation (Alice).
func TestOnCallOverridePagesOverrideThenRotation(t *testing.T) {
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, bottest.Config(t, oncallYAML(t, redistest.URL(t)), testEnv), bot.Options{Now: clock.Now})
	if r := say(b, "alice", "oncall override acme-it Bob 2h"); !strings.Contains(r.Text, "OV-1: Bob is on call for acme-it") {
		t.Fatalf("override: %+v", r)
	}
	if r := say(b, "alice", "oncall"); !strings.Contains(r.Text, "acme-it (internal): Bob until ") || !strings.Contains(r.Text, "[override OV-1]") ||
		!strings.Contains(r.Text, ", then Alice") || !strings.Contains(r.Text, "OV-1 acme-it override: Bob on call") {
		t.Fatalf("oncall does not show the override: %s", r.Text)
	}
	first := openAlert(t, b, "during")
	bottest.Eventually(t, 5*time.Second, func() bool { return len(pagedPeople(t, b, first)) == 1 }, "first page")
	if got := pagedPeople(t, b, first); got[0] != "Bob" {
		t.Fatalf("paged %v during the override, want Bob", got)
	}
	clock.Advance(2*time.Hour + time.Minute)
	second := openAlert(t, b, "after")
	bottest.Eventually(t, 5*time.Second, func() bool { return len(pagedPeople(t, b, second)) == 1 }, "second page")
	if got := pagedPeople(t, b, second); got[0] != "Alice" {
		t.Fatalf("paged %v after the override ran out, want Alice (rotation)", got)
	}
}

// Overrides naming someone outside the team, or asked for by an outsider,
// are refused to the asker alone, and nothing is stored.
func TestOnCallOverrideRefusedForNonMember(t *testing.T) {
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, bottest.Config(t, oncallYAML(t, redistest.URL(t)), testEnv), bot.Options{Now: clock.Now})
	for _, tc := range []struct{ who, text, want string }{
		{"alice", "oncall override acme-it Carol 2h", "Carol is not a member of acme-it"},
		{"carol", "oncall override acme-it Bob 2h", "only members of acme-it and managers"},
		{"alice", "oncall swap acme-it Alice Carol 2026-12-03", "Carol is not a member of acme-it"},
	} {
		r := say(b, tc.who, tc.text)
		if !r.Ephemeral || !strings.Contains(r.Text, tc.want) {
			t.Errorf("%s %q: %+v, want an ephemeral %q", tc.who, tc.text, r, tc.want)
		}
	}
	ctx := context.Background()
	all, err := b.Store().OnCallChanges(ctx)
	audit, err2 := b.Store().OnCallAudit(ctx)
	if err != nil || err2 != nil || len(all) != 0 || len(audit) != 0 {
		t.Fatalf("stored after refusals: %v %v (%v, %v)", all, audit, err, err2)
	}
}

// A swap from chat exchanges that day's shifts only, and removing it
// brings the rotation back; the audit trail has both.
func TestOnCallSwapFromChat(t *testing.T) {
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, bottest.Config(t, oncallYAML(t, redistest.URL(t)), testEnv), bot.Options{Now: clock.Now})
	date := tuesday10.In(mustZone(t)).Format(time.DateOnly)
	if r := say(b, "bob", fmt.Sprintf("oncall swap acme-it Alice Bob %s", date)); !strings.Contains(r.Text, "OV-1: Alice and Bob swap") {
		t.Fatalf("swap: %+v", r)
	}
	if r := say(b, "alice", "oncall"); !strings.Contains(r.Text, "acme-it (internal): Bob until ") || !strings.Contains(r.Text, "[swap OV-1]") {
		t.Fatalf("oncall during the swap: %s", r.Text)
	}
	clock.Advance(24 * time.Hour)
	if r := say(b, "alice", "oncall"); !strings.Contains(r.Text, "acme-it (internal): Alice until ") {
		t.Fatalf("oncall the day after the swap: %s", r.Text)
	}
	if r := say(b, "alice", "oncall override remove OV-1"); !strings.Contains(r.Text, "OV-1 removed by Alice") {
		t.Fatalf("remove: %+v", r)
	}
	audit, err := b.Store().OnCallAudit(context.Background())
	if err != nil || len(audit) != 2 || audit[0].By.Name != "Bob" || audit[1].Action != "removed" {
		t.Fatalf("audit %+v, %v", audit, err)
	}
}

func mustZone(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
