package bot_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Every /incident subcommand of DESIGN §5.4 through the real endpoint with
// a signed request: a well-formed call and a malformed one, whose answer
// is ephemeral and says what was wrong and how to write it.
func TestSlackEverySubcommand(t *testing.T) {
	e := startSlack(t, slackSetup{})
	id := e.Alert(t, diskAlert) // INC-1, database, sev2
	room := e.SlackRoom(t, "inc-1-")

	type call struct {
		text      string
		channel   string // C01OPS unless set
		want      string // in the answer
		ephemeral bool
	}
	cases := []struct {
		name     string
		ok       call
		bad      call
		skipDone bool
	}{
		{name: "declare",
			ok:  call{text: "declare Printer on fire --sev 3 --service database", want: "INC-2 declared by Alice (internal): Printer on fire [sev3]"},
			bad: call{text: "declare --sev 9", want: "severity \"9\" must be 1, 2, 3 or 4. Usage: `/incident declare <title> [--sev 1-4] [--service NAME]`"}},
		{name: "ack",
			ok:  call{text: "ack " + id, want: "✅ INC-1 acknowledged by Alice (internal) from Slack"},
			bad: call{text: "ack " + id + " now", want: "ack takes no arguments (got \"now\"). Usage: `/incident ack [INC-n]`"}},
		{name: "escalate",
			ok:  call{text: "escalate " + id + " noc", want: "⏫ INC-1 escalated by Alice (internal)"},
			bad: call{text: "escalate " + id + " noc now", want: "escalate takes at most one target: next or a team name. Usage: `/incident escalate [INC-n] [next|TEAM]`"}},
		{name: "note",
			ok:  call{text: "note " + id + " disk > 90% & rising", want: "📝 note added to INC-1"},
			bad: call{text: "note " + id, want: "note needs text. Usage: `/incident note [INC-n] <text>`"}},
		{name: "sev",
			ok:  call{text: "sev " + id + " 1", want: "INC-1 is now sev1"},
			bad: call{text: "sev " + id + " 7", want: "severity \"7\" must be 1, 2, 3 or 4. Usage: `/incident sev [INC-n] <1-4>`"}},
		{name: "assign",
			ok:  call{text: "assign " + id + " <@U01BOB|bob>", want: "👤 INC-1 assigned to Bob (internal)"},
			bad: call{text: "assign " + id, want: "assign needs one person, e.g. @alice. Usage: `/incident assign [INC-n] <@user>`"}},
		{name: "status",
			ok:  call{text: "status " + id, want: "INC-1 · SEV1 · Disk full on db-01", ephemeral: true},
			bad: call{text: "status " + id + " please", want: "status takes no arguments (got \"please\"). Usage: `/incident status [INC-n]`"}},
		{name: "timeline",
			ok:  call{text: "timeline " + id, want: "Timeline of INC-1", ephemeral: true},
			bad: call{text: "timeline INC-x", want: "Usage: `/incident timeline [INC-n]`"}},
		{name: "list",
			ok:  call{text: "list", want: "INC-1 [sev1] Disk full on db-01", ephemeral: true},
			bad: call{text: "list all", want: "list takes no arguments (got \"all\"). Usage: `/incident list`"}},
		{name: "oncall",
			ok:  call{text: "oncall", want: "acme-it", ephemeral: true},
			bad: call{text: "oncall noc", want: "unknown oncall action \"noc\" (use override, override remove or swap). Usage: `/incident oncall [override"}},
		{name: "snooze",
			ok:  call{text: "snooze " + id + " 30m", want: "😴 reminders for INC-1 paused for 30m0s"},
			bad: call{text: "snooze " + id + " forever", want: "\"forever\" is not a duration like 30m or 2h. Usage: `/incident snooze [INC-n] <duration>`"}},
		{name: "report",
			ok:  call{text: "report 7d", ephemeral: true},
			bad: call{text: "report 1y", want: "Usage: `/incident report [7d|30d]`"}},
		{name: "help",
			ok:  call{text: "help", want: "`/incident assign [INC-n] <@user>`: hand the incident to someone", ephemeral: true},
			bad: call{text: "help me", want: "help takes no arguments (got \"me\"). Usage: `/incident help`"}},
		{name: "resolve", // last: the others act on an open incident
			ok:  call{text: "resolve all good", channel: room.ID, want: "🏁 INC-1 resolved by Alice (internal) from Slack"},
			bad: call{text: "resolve", want: "which incident? Outside an incident's room, name it: e.g. `/incident resolve INC-7`"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, k := range []struct {
				call
				bad bool
			}{{c.ok, false}, {c.bad, true}} {
				ch := k.channel
				if ch == "" {
					ch = "C01OPS"
				}
				r := e.SlackSend.Command("U01ALICE", ch, k.text)
				if r.Status != 200 {
					t.Fatalf("%q: HTTP %d %s", k.text, r.Status, r.Body)
				}
				a := waitAnswer(t, r)
				got := r.Content()
				if !strings.Contains(got, k.want) || (k.bad || k.ephemeral) != a.Ephemeral() || got == "" {
					t.Errorf("/incident %s\n got (ephemeral %v): %q\nwant (ephemeral %v): %q", k.text, a.Ephemeral(), got, k.bad || k.ephemeral, k.want)
				}
			}
		})
	}

	// What the commands did, on the timeline.
	tl := e.Timeline(t, id)
	for _, k := range []incident.Kind{incident.KindAcked, incident.KindEscalated, incident.KindNote, incident.KindSeverityChanged,
		incident.KindAssigned, incident.KindSnoozed, incident.KindResolved} {
		if findKind(tl, k) == nil {
			t.Errorf("no %s on the timeline: %s", k, eventKinds(tl))
		}
	}
	if n := findKind(tl, incident.KindNote); n == nil || n.Details["text"] != "disk > 90% & rising" {
		t.Errorf("note kept as %+v (Slack's &gt; and &amp; must be undone)", n)
	}
	// Help is generated from the grammar: every subcommand is in it.
	help := e.SlackSend.Command("U01ALICE", "C01OPS", "")
	for _, d := range chat.Defs {
		if !strings.Contains(waitAnswer(t, help).Content(), "`/incident "+d.Usage+"`") {
			t.Errorf("help lacks %s", d.Usage)
		}
	}
}

// An unknown Slack user and an MSP member outside the MSP's scope are
// refused: an ephemeral answer, and for a member a refused entry on the
// timeline.
func TestSlackRefusals(t *testing.T) {
	e := startSlack(t, slackSetup{})
	id := e.Alert(t, diskAlert) // service database: outside the NOC's scope
	room := e.SlackRoom(t, "inc-1-")

	stranger := e.SlackSend.Click("U0STRANGER", room.ID, "tandem_ack", id)
	if a := waitAnswer(t, stranger); !a.Ephemeral() || !strings.Contains(a.Content(), "Tandem does not know you (slack user U0STRANGER)") {
		t.Fatalf("stranger answer %+v", a)
	}
	nora := e.SlackSend.Command("U02NORA", room.ID, "ack")
	if a := waitAnswer(t, nora); !a.Ephemeral() || !strings.Contains(a.Content(), "database") {
		t.Fatalf("out-of-scope answer %q", a.Content())
	}
	bottest.Eventually(t, 5*time.Second, func() bool {
		n := 0
		for _, ev := range e.Timeline(t, id) {
			if ev.Kind == incident.KindRefused {
				n++
			}
		}
		return n == 1
	}, "one refused entry (the MSP member's; a stranger's never reaches the timeline): %s", eventKinds(e.Timeline(t, id)))
	if inc := findKind(e.Timeline(t, id), incident.KindAcked); inc != nil {
		t.Fatalf("acked by a refused user: %+v", inc)
	}
}

// An MSP member may declare only on services within the MSP's scope: the
// refusal names the rule, and nothing is stored (no incident, no room, no
// invitation into a room about a service the member may not see).
func TestSlackDeclareRespectsScope(t *testing.T) {
	e := startSlack(t, slackSetup{})
	refused := e.SlackSend.Command("U02NORA", "C02NOC", "declare DB is slow --service database --sev 2")
	if a := waitAnswer(t, refused); !a.Ephemeral() || !strings.Contains(a.Content(), `may not declare an incident on service "database": it is outside noc's scope (network)`) {
		t.Fatalf("out-of-scope declare answered %q", a.Content())
	}
	if code, body := bottest.Do(t, "GET", e.URL+"/api/v1/incidents", "", map[string]string{"Authorization": "Bearer api-token"}); code != 200 || body != `{"incidents":[]}`+"\n" {
		t.Fatalf("incidents after a refused declare: %d %s", code, body)
	}
	ok := e.SlackSend.Command("U02NORA", "C02NOC", "declare VPN flapping --service network")
	if a := waitAnswer(t, ok); a.Ephemeral() || !strings.Contains(a.Content(), "INC-1 declared by Nora") {
		t.Fatalf("in-scope declare answered %q", a.Content())
	}
	room := e.SlackRoom(t, "inc-1-vpn-flapping")
	for _, c := range e.Slack.Calls("conversations.invite") {
		if c.Params["channel"] != room.ID {
			t.Fatalf("an invitation into another room: %+v", c)
		}
	}
	if n := len(e.Slack.Channels()); n != 4 { // three team channels and the one room
		t.Fatalf("%d channels", n)
	}
}

// Refusals cannot flood a room or a timeline: a member refused 20 times in
// a minute gets 20 private answers, and 5 refused entries reach the
// timeline (the rest are counted in tandem_refusals_total); a stranger's
// 20 attempts reach neither the timeline nor the room.
func TestSlackRefusalFlood(t *testing.T) {
	e := startSlack(t, slackSetup{})
	id := e.Alert(t, diskAlert) // service database: outside the NOC's scope
	room := e.SlackRoom(t, "inc-1-")
	e.SlackCard(t, room.ID)
	for i := range 20 {
		if a := waitAnswer(t, e.SlackSend.Command("U02NORA", room.ID, "note trying "+strconv.Itoa(i))); !a.Ephemeral() || !strings.Contains(a.Content(), "outside noc's scope") {
			t.Fatalf("Nora's attempt %d answered %q", i, a.Content())
		}
		if a := waitAnswer(t, e.SlackSend.Command("U0STRANGER", room.ID, "ack")); !a.Ephemeral() || !strings.Contains(a.Content(), "does not know you") {
			t.Fatalf("the stranger's attempt %d answered %q", i, a.Content())
		}
	}
	refused := 0
	for _, ev := range e.Timeline(t, id) {
		if ev.Kind == incident.KindRefused {
			refused++
			if ev.Actor.User != "U02NORA" {
				t.Fatalf("a refusal of %s on the timeline", ev.Actor.User)
			}
		}
	}
	if refused != 5 {
		t.Fatalf("%d refused entries, want 5", refused)
	}
	series := scrape(t, e.Bot)
	if series[`tandem_refusals_total{recorded="true"}`] != 5 || series[`tandem_refusals_total{recorded="false"}`] != 15 {
		t.Fatalf("refusal counters: %v, %v", series[`tandem_refusals_total{recorded="true"}`], series[`tandem_refusals_total{recorded="false"}`])
	}
	time.Sleep(500 * time.Millisecond) // room posts of the refusals, if any, are out by now
	for _, m := range e.Slack.Messages(room.ID) {
		if strings.Contains(m.Text, "STRANGER") || strings.Contains(m.Text, "does not know") {
			t.Fatalf("the stranger reached the room: %q", m.Text)
		}
	}
}
