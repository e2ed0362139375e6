package connectwise_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	cw "github.com/tandemhq/tandem/integrations/connectwise"
	"github.com/tandemhq/tandem/integrations/connectwise/connectwisetest"
)

const wait = 20 * time.Second

const diskAlert = `{"summary":"Disk full on db-01","dedup_key":"disk-db-01","severity":"sev2","service":"database"}`

// scenario: Acme's IT (Slack) owns the database and is paged first; the
// MSP's NOC follows incidents on its ConnectWise board and is paged 5
// minutes later. Omar is the NOC's ConnectWise member "omar".
func scenario(yaml string, env map[string]string) bottest.Scenario {
	return bottest.Scenario{
		At: time.Date(2026, 3, 2, 16, 0, 0, 0, time.UTC), // a Monday, 10:00 in Chicago
		Teams: []bottest.Team{
			{Name: "acme-it", Side: "internal", SlackChannel: "C01OPS", Members: []bottest.Member{{Name: "Alice", Slack: "U01ALICE"}}},
			{Name: "noc", Side: "msp", Scope: []string{"database"}, Channels: map[string]string{"connectwise": connectwisetest.Board},
				Members: []bottest.Member{{Name: "Omar", Accounts: map[string]string{"connectwise": "omar"}}}},
			{Name: "ops", Side: "internal", Members: []bottest.Member{{Name: "Olga"}}}, // no channel anywhere
		},
		Services: []bottest.Service{{Name: "database", Owner: "acme-it", Ladder: "two", Severity: "sev2"},
			{Name: "web", Owner: "ops", Ladder: "two", Severity: "sev3"}},
		Ladders: []bottest.Ladder{{Name: "two", Steps: []bottest.Step{
			{Notify: []string{"acme-it"}, Wait: "5m"}, {Notify: []string{"noc"}}}}},
		Slack: &bottest.Slack{Channels: map[string]string{"C01OPS": "acme-it"}},
		YAML:  yaml, Env: env,
	}
}

// The whole loop (issue 18 item 4): no ticket while only Acme's IT is
// paged; one ticket when the NOC is paged (its first POST answered 503,
// a note's first POST 429 with Retry-After: both retried, nothing
// doubled); every timeline entry one note, in order; Omar moving the
// ticket to "In Progress" acks the incident as Omar on the MSP side (a
// callback with a wrong token first, refused and not acted on); his note
// in ConnectWise becomes a timeline note; Alice raising the severity to
// sev1 raises the ticket's priority; her resolve in chat closes
// the ticket with a resolution note; Tandem's own notes and status moves
// come back as callbacks and are ignored.
func TestTicketFollowsTheIncidentBothWays(t *testing.T) {
	fake, yaml, env := bottest.ConnectWise(t, nil)
	fake.Fail(1, "POST service/tickets", http.StatusServiceUnavailable, "")
	fake.Fail(1, "POST service/tickets/{id}/notes", http.StatusTooManyRequests, "1")
	w := scenario(yaml, env).Start(t)
	w.ConnectWiseCallbacks(fake)
	id := w.Alert(t, diskAlert)

	bottest.Eventually(t, wait, func() bool { return len(kinds(w.Timeline(t, id), incident.KindPaged)) == 1 }, "acme-it not paged")
	w.SlackRoom(t, "inc-")
	if n := len(fake.Tickets()); n != 0 {
		t.Fatalf("%d tickets while only the internal team is paged, want 0", n)
	}
	w.Clock.Advance(6 * time.Minute)
	tk := waitTicket(t, fake)
	if tk.Summary != "[sev2] "+id+": Disk full on db-01" || tk.Board.Name != connectwisetest.Board || tk.Company.Identifier != connectwisetest.Company ||
		tk.Priority == nil || tk.Priority.Name != "Priority 2 - High" || !strings.Contains(tk.InitialDescription, id) {
		t.Fatalf("ticket %+v", tk)
	}
	waitNotesMatch(t, w, fake, id, tk.ID)
	if n := fake.Calls("POST service/tickets"); n != 2 {
		t.Fatalf("POST service/tickets called %d times, want 2 (a 503, then the ticket)", n)
	}

	ackByOmar(t, w, fake, id, tk.ID)
	fake.Note(tk.ID, "Rebooting db-01 now", "omar")
	bottest.Eventually(t, wait, func() bool {
		notes := kinds(w.Timeline(t, id), incident.KindNote)
		return len(notes) == 1 && notes[0].Actor.Name == "Omar" && strings.Contains(notes[0].Details[incident.DetailText], "Rebooting db-01")
	}, "Omar's ConnectWise note is not on the timeline")

	w.Say("Alice", "sev "+id+" 1")
	bottest.Eventually(t, wait, func() bool {
		p := fake.Tickets()[0].Priority
		return p != nil && p.Name == "Priority 1 - Critical"
	}, "the ticket's priority did not follow the severity")
	if resp := w.Say("Alice", "resolve "+id+" cleaned the disk"); strings.Contains(resp.Text, "not") && resp.Ephemeral {
		t.Fatalf("resolve: %s", resp.Text)
	}
	bottest.Eventually(t, wait, func() bool {
		if fake.Tickets()[0].StatusName() != connectwisetest.StatusResolved {
			return false
		}
		for _, n := range fake.Notes(tk.ID) { // the review's notice may come before or after it
			if n.ResolutionFlag && strings.Contains(n.Text, "cleaned the disk") {
				return true
			}
		}
		return false
	}, "the ticket was not resolved with a resolution note")
	waitNotesMatch(t, w, fake, id, tk.ID)
	tl := w.Timeline(t, id)
	if n, a := len(kinds(tl, incident.KindNote)), len(kinds(tl, incident.KindAcked)); n != 1 || a != 1 {
		t.Fatalf("%d notes and %d acks on the timeline, want 1 and 1 (Tandem's own notes and moves are echoes)", n, a)
	}
	if n := len(fake.Tickets()); n != 1 {
		t.Fatalf("%d tickets, want 1", n)
	}
	for _, n := range fake.Notes(tk.ID) { // Omar's own note is on the ticket: Tandem must not write it again
		if n.Author() == connectwisetest.APIMember && strings.Contains(n.Text, "Rebooting db-01") {
			t.Fatalf("Omar's ConnectWise note written back by Tandem (flags discussion %v, internal %v): %q",
				n.DetailDescriptionFlag, n.InternalAnalysisFlag, n.Text)
		}
	}
	written, discussion := 0, 0
	for _, n := range fake.Notes(tk.ID)[1:] { // [0] is the initial description
		if n.Author() != connectwisetest.APIMember {
			continue
		}
		written++
		if n.DetailDescriptionFlag {
			discussion++
		}
		// Pages name people and systems: internal analysis, as HaloPSA hides them (chat.TicketPublic).
		if strings.Contains(n.Text, "📟 paged") && !n.InternalAnalysisFlag {
			t.Errorf("a page is a discussion note, which the customer's portal shows: %q", n.Text)
		}
	}
	if discussion == 0 {
		t.Errorf("none of Tandem's %d notes is a discussion note (opened, acked: chat.TicketPublic)", written)
	}
	if n := fake.Calls("POST service/tickets/{id}/notes"); n != written+1 {
		t.Fatalf("POST notes called %d times for %d notes, want one more (the 429)", n, written)
	}
}

// An incident whose owner has no channel anywhere (ops) gets a room on
// every chat platform at once, but a ticket only once a team that
// follows ConnectWise is paged: a PSA is never one of "every platform".
func TestNoTicketForAnIncidentNoTeamSpeaksForUntilTheMSPIsPaged(t *testing.T) {
	fake, yaml, env := bottest.ConnectWise(t, nil)
	w := scenario(yaml, env).Start(t)
	id := w.Alert(t, `{"summary":"web 502s","dedup_key":"web-502","severity":"sev3","service":"web"}`)
	bottest.Eventually(t, wait, func() bool { return len(kinds(w.Timeline(t, id), incident.KindPaged)) == 1 }, "acme-it not paged")
	w.SlackRoom(t, "inc-")
	if n := len(fake.Tickets()); n != 0 {
		t.Fatalf("%d tickets for an incident no team speaks for before the MSP is paged, want 0", n)
	}
	w.Clock.Advance(6 * time.Minute)
	tk := waitTicket(t, fake)
	if tk.Priority == nil || tk.Priority.Name != "Priority 3 - Medium" {
		t.Fatalf("ticket %+v", tk)
	}
	waitNotesMatch(t, w, fake, id, tk.ID)
}

// ackByOmar moves the ticket to "In Progress" as Omar: a callback with a
// wrong token is refused and changes nothing; the right one acks.
func ackByOmar(t *testing.T, w *bottest.World, fake *connectwisetest.Server, id string, ticket int) {
	t.Helper()
	fake.SetCallbackURL("") // this callback is sent by hand, to see its answer
	fake.WaitCallbacks()    // and no echo of Tandem's own writes still on its way reads Omar's move
	fake.Move(ticket, connectwisetest.StatusAck, "omar")
	body := `{"Action":"updated","Type":"ticket","ID":` + strconv.Itoa(ticket) + `,"Entity":"{}"}`
	for _, token := range []string{"wrong", "", bottest.ConnectWiseToken + "x"} {
		if code, resp := bottest.Do(t, "POST", w.URL+"/webhooks/connectwise?token="+token, body, nil); code != http.StatusUnauthorized {
			t.Fatalf("token %q: %d %s, want 401", token, code, resp)
		}
	}
	if a := kinds(w.Timeline(t, id), incident.KindAcked); len(a) != 0 {
		t.Fatalf("acked by a refused callback: %+v", a)
	}
	w.ConnectWiseCallbacks(fake)
	if code, resp := bottest.Do(t, "POST", w.URL+"/webhooks/connectwise?token="+bottest.ConnectWiseToken, body, nil); code != http.StatusOK {
		t.Fatalf("callback: %d %s", code, resp)
	}
	a := kinds(w.Timeline(t, id), incident.KindAcked)
	if len(a) != 1 || a[0].Actor.Name != "Omar" || a[0].Actor.Side != incident.MSP || a[0].Actor.Platform != cw.Platform {
		t.Fatalf("acked entries %+v, want one by Omar on the MSP side from connectwise", a)
	}
}

func waitTicket(t *testing.T, fake *connectwisetest.Server) cw.Ticket {
	t.Helper()
	bottest.Eventually(t, wait, func() bool { return len(fake.Tickets()) > 0 }, "no ticket opened")
	return fake.Tickets()[0]
}

// waitNotesMatch waits until every timeline entry not from ConnectWise
// (those are on the ticket already) is one note of Tandem's on the ticket, in timeline order (other posts, like the
// review's notice, may come between), and fails on one written twice.
func waitNotesMatch(t *testing.T, w *bottest.World, fake *connectwisetest.Server, id string, ticket int) {
	t.Helper()
	var why string
	for deadline := time.Now().Add(wait); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if why = notesMatch(w.Timeline(t, id), fake.Notes(ticket)); why == "" {
			return
		}
	}
	for _, e := range w.Timeline(t, id) {
		t.Logf("entry: %s", chat.DescribeEvent(e))
	}
	for _, n := range fake.Notes(ticket) {
		t.Logf("note by %s: %q", n.Author(), n.Text)
	}
	t.Fatalf("ticket notes vs timeline: %s", why)
}

func notesMatch(tl []incident.Event, notes []cw.Note) string {
	last := -1
	for _, e := range tl {
		if e.Actor.Platform == cw.Platform {
			continue
		}
		want, at, n := chat.DescribeEvent(e), -1, 0
		for i, note := range notes {
			if note.Author() == connectwisetest.APIMember && strings.Contains(note.Text, want) {
				at, n = i, n+1
			}
		}
		switch {
		case n != 1:
			return strconv.Quote(want) + " written " + strconv.Itoa(n) + " times"
		case at < last:
			return strconv.Quote(want) + " written out of order"
		}
		last = at
	}
	return ""
}

func kinds(events []incident.Event, kind incident.Kind) []incident.Event {
	var out []incident.Event
	for _, e := range events {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}
