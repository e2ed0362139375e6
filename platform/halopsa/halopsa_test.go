package halopsa_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	api "github.com/tandemhq/tandem/integrations/halopsa"
	"github.com/tandemhq/tandem/integrations/halopsa/halopsatest"
	_ "github.com/tandemhq/tandem/platform/all"
)

// Halo ids the test's config names.
const (
	statusNew, statusAck, statusResolved = 1, 2, 9
	agentMia                             = 7
	hookUser, hookPass                   = "halo", "hook-pass"
)

// world is an internal NOC and an MSP desk on HaloPSA: the MSP owns the
// database, so its incidents open a ticket at once.
func world(t *testing.T, fake *halopsatest.Server) *bottest.World {
	t.Helper()
	return scenario(fake).Start(t)
}

// scenario is world's scenario, for a test to add to.
func scenario(fake *halopsatest.Server) bottest.Scenario {
	yaml := fmt.Sprintf(`halopsa:
  api_url: %q
  auth_url: %q
  client_id: %q
  client_secret_env: HALO_SECRET
  client: 12
  ticket_type_id: 3
  webhook_user: %q
  webhook_password_env: HALO_HOOK
  statuses: {new: %d, acknowledged: %d, resolved: %d}
  priorities: {sev1: 1, sev2: 2, sev3: 3, sev4: 4}
  incident_url: "https://tandem.example.com/api/v1/incidents/{id}"
`, fake.APIURL(), fake.AuthURL(), halopsatest.ClientID, hookUser, statusNew, statusAck, statusResolved)
	return bottest.Scenario{
		Teams: []bottest.Team{
			{Name: "noc", Side: "internal", Members: []bottest.Member{{Name: "alice"}}},
			{Name: "desk", Side: "msp", Channels: map[string]string{"halopsa": "Service Desk"},
				Members: []bottest.Member{{Name: "mia", Accounts: map[string]string{"halopsa": strconv.Itoa(agentMia)}}}},
		},
		Services: []bottest.Service{{Name: "database", Owner: "desk", Ladder: "msp", Severity: "sev2"}},
		Ladders:  []bottest.Ladder{{Name: "msp", Steps: []bottest.Step{{Notify: []string{"desk"}}}}},
		YAML:     yaml,
		Env:      map[string]string{"HALO_SECRET": halopsatest.ClientSecret, "HALO_HOOK": hookPass},
	}
}

// ticket waits for the only ticket on the fake.
// ticket is the first ticket opened, once Tandem has recorded it as its
// incident's room (until then a webhook for it is answered 503: Halo
// sends it again).
func ticket(t *testing.T, w *bottest.World, fake *halopsatest.Server) api.Ticket {
	t.Helper()
	bottest.Eventually(t, 10*time.Second, func() bool { return len(fake.Tickets()) > 0 }, "no ticket opened")
	tk := fake.Tickets()[0]
	id, _, _ := strings.Cut(tk.ClientReference, "/")
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, e := range w.Timeline(t, id) {
			if e.Kind == incident.KindRoomCreated && e.Details[incident.DetailPlatform] == "halopsa" {
				return true
			}
		}
		return false
	}, "the ticket is not recorded as "+id+"'s room")
	return tk
}

// notes are the ticket's actions written by Tandem, their text without the marker.
func notes(fake *halopsatest.Server, id int) []api.Action {
	var out []api.Action
	for _, a := range fake.Actions(id) {
		if a.WhoAgentID == halopsatest.APIAgentID && a.Outcome != "Ticket Logged" {
			a.Note, _, _ = strings.Cut(a.Note, "\n\n[tandem:")
			out = append(out, a)
		}
	}
	return out
}

func has(acts []api.Action, text string) bool {
	for _, a := range acts {
		if strings.Contains(a.Note, text) {
			return true
		}
	}
	return false
}

func TestTicketOpenedOnceNotesInOrderClosedOnResolve(t *testing.T) {
	fake := halopsatest.Start(t)
	w := world(t, fake)
	id := w.Alert(t, `{"summary":"Primary DB down","dedup_key":"db-1","severity":"sev2","service":"database"}`)
	tk := ticket(t, w, fake)
	if tk.Summary != id+": Primary DB down" || tk.ClientID != 12 || tk.TicketTypeID != 3 || tk.PriorityID != 2 ||
		tk.StatusID != statusNew || tk.Team != "Service Desk" || !strings.HasPrefix(tk.ClientReference, id+"/0/") {
		t.Fatalf("ticket = %+v", tk)
	}
	if !strings.Contains(tk.Details, "https://tandem.example.com/api/v1/incidents/"+id) {
		t.Errorf("details do not link the incident: %q", tk.Details)
	}
	w.Say("alice", "sev "+id+" 1")
	w.Say("alice", "note "+id+" failover started")
	w.Say("alice", "resolve "+id+" replica promoted")
	bottest.Eventually(t, 10*time.Second, func() bool { return has(notes(fake, tk.ID), "replica promoted") }, "resolve not on the ticket")
	got := notes(fake, tk.ID)
	checkOrder(t, w, id, got)
	last := got[len(got)-1]
	if last.NewStatus != statusResolved || last.HiddenFromUser {
		t.Errorf("resolve action = %+v, want a public note moving the ticket to %d", last, statusResolved)
	}
	for _, a := range got {
		if strings.Contains(a.Note, "failover started") && !a.HiddenFromUser {
			t.Errorf("a person's note is public: %+v", a)
		}
	}
	if n := len(fake.Tickets()); n != 1 || fake.Tickets()[0].StatusID != statusResolved || fake.Tickets()[0].PriorityID != 1 {
		t.Errorf("tickets = %+v, want one, resolved, priority 1 (sev1)", fake.Tickets())
	}
}

// checkOrder asserts that the ticket's notes are the timeline's entries
// (those not from Halo), each once, in the timeline's order.
func checkOrder(t *testing.T, w *bottest.World, id string, got []api.Action) {
	t.Helper()
	loc, _ := time.LoadLocation("America/Chicago")
	var want []string
	for _, e := range w.Timeline(t, id) {
		if e.Actor.Platform != "halopsa" {
			want = append(want, chat.FormatEvent(e, loc))
		}
	}
	var g []string
	for _, text := range texts(got) {
		if !strings.HasPrefix(text, "📄") { // the review's notice: a room post, not an entry
			g = append(g, text)
		}
	}
	if !slices.Equal(g, want) {
		t.Errorf("ticket notes:\n  %s\nwant the timeline:\n  %s", strings.Join(g, "\n  "), strings.Join(want, "\n  "))
	}
}

func texts(acts []api.Action) []string {
	out := make([]string, len(acts))
	for i, a := range acts {
		out[i] = a.Note
	}
	return out
}

// Closing the rooms (rooms.archive_after) finds the ticket resolved
// already, and reopens nothing.
func TestRoomCloseFindsTheTicketClosed(t *testing.T) {
	fake := halopsatest.Start(t)
	sc := scenario(fake)
	sc.YAML += "rooms: {archive_after: 1s}\n"
	w := sc.Start(t)
	id := w.Alert(t, `{"summary":"Primary DB down","dedup_key":"db-1","severity":"sev2","service":"database"}`)
	tk := ticket(t, w, fake)
	w.Say("alice", "resolve "+id+" replica promoted")
	var outcome string
	bottest.Eventually(t, 15*time.Second, func() bool {
		for _, e := range w.Timeline(t, id) {
			if e.Kind == "room.closed" && e.Details["platform"] == "halopsa" {
				outcome = e.Details["outcome"]
				return true
			}
		}
		return false
	}, "the ticket's room was not closed")
	if outcome != "already closed" {
		t.Errorf("outcome = %q, want already closed", outcome)
	}
	if got := fake.Tickets()[0]; got.ID != tk.ID || got.StatusID != statusResolved || len(fake.Tickets()) != 1 {
		t.Errorf("tickets = %+v", fake.Tickets())
	}
}
