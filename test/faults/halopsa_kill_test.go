package faults

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/halopsa/halopsatest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// haloYAML is the halopsa: section for the fake at fake.
func haloYAML(fake *halopsatest.Server) string {
	return fmt.Sprintf(`halopsa:
  api_url: %q
  auth_url: %q
  client_id: %q
  client_secret_env: HALO_SECRET
  client: 12
  ticket_type_id: 3
  webhook_user: halo
  webhook_password_env: HALO_HOOK
  statuses: {new: 1, acknowledged: 2, resolved: 9}
`, fake.APIURL(), fake.AuthURL(), halopsatest.ClientID)
}

// TestHaloPSAKilledMidSyncRepeatsNothing kills tandem (SIGKILL) five
// times while it opens tickets and writes incidents' timelines on them,
// each write answered 500 ms after Halo saved it (so kills land between
// Halo saving and Tandem recording), then lets it finish: one ticket per
// incident, every entry on it once, in timeline order.
func TestHaloPSAKilledMidSyncRepeatsNothing(t *testing.T) {
	redistest.NeedReal(t)
	bin, srv, fake := tandemBinary(t), redistest.Start(t), halopsatest.Start(t)
	fake.SetDelay(500 * time.Millisecond)
	// The NOC is on HaloPSA: its ticket opens when it is paged (step 1);
	// an unacked reminder every second keeps entries coming.
	sc := acmeAndNOC("unacked_every: 1s, update_every: 2h", step("", "noc"))
	sc.Teams[1].Channels = map[string]string{"halopsa": "NOC Desk"}
	sc.Teams[1].Members[0].Accounts = map[string]string{"halopsa": "7"}
	sc.YAML += haloYAML(fake)
	addr := freeAddr(t)
	base := "http://" + addr
	path := writeFile(t, "tandem.yaml", asProcess(sc, addr, srv.URL(), bottest.Where{Prefix: redistest.Prefix(t)}))
	env := []string{"FAULTS_TOKEN=" + webhookToken, "FAULTS_API_TOKEN=" + apiToken,
		"HALO_SECRET=" + halopsatest.ClientSecret, "HALO_HOOK=hook-pass"}
	var out syncBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("tandem's output:\n%s", out.String())
		}
	})
	run := func() *proc {
		p, err := startProc(bin, path, env, &out)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.kill)
		if err := waitHealthy(base, p, 20*time.Second); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := run()
	// A new incident before each kill: tickets being opened and notes
	// being written when the kills land.
	const kills = 5
	for i := range kills {
		if _, err := deliver(base, alert(fmt.Sprintf("db%d", i), "firing"), scriptTimeout); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(300+rand.IntN(900)) * time.Millisecond)
		p.kill()
		p = run()
	}
	for i := 1; i <= kills; i++ {
		id := fmt.Sprintf("INC-%d", i)
		resolveInHalo(t, fake, base, ticketOf(t, fake, base, id))
		checkHaloTicket(t, fake, base, id)
	}
	t.Logf("%d incidents, %d tickets after %d SIGKILLs; %d POST /api/Actions, %d GET /api/Actions (retries looking for their marker), %d POST /api/Tickets, %d GET /api/Tickets (ticket look-ups)",
		kills, len(fake.Tickets()), kills, fake.Calls("POST /api/Actions"), fake.Calls("GET /api/Actions"),
		fake.Calls("POST /api/Tickets"), fake.Calls("GET /api/Tickets"))
	p.stop()
}

// ticketOf waits for incident id's ticket and checks it is the only one.
func ticketOf(t *testing.T, fake *halopsatest.Server, base, id string) int {
	t.Helper()
	var found []int
	until(patience, func() bool {
		found = nil
		for _, tk := range fake.Tickets() {
			if strings.HasPrefix(tk.Summary, id+":") {
				found = append(found, tk.ID)
			}
		}
		return len(found) > 0
	})
	if len(found) != 1 {
		var all []string
		for _, tk := range fake.Tickets() {
			all = append(all, tk.Summary)
		}
		inc, ok := getIncident(base, id)
		t.Fatalf("%s has %d tickets, want 1; tickets: %q; incident %v %+v", id, len(found), all, ok, inc)
	}
	return found[0]
}

// resolveInHalo has the NOC's agent resolve ticket in Halo.
func resolveInHalo(t *testing.T, fake *halopsatest.Server, base string, ticket int) {
	t.Helper()
	a := fake.AgentAction(ticket, 7, "Nora", "Fixed the replica", 9)
	if !until(patience, func() bool {
		code, _ := fake.Notify(base+"/webhooks/halopsa", "halo", "hook-pass", a)
		return code == 200
	}) {
		t.Fatal("the resolve webhook was not taken")
	}
}

// checkHaloTicket waits until the ticket shows the whole timeline and
// checks it shows each entry once, in order.
func checkHaloTicket(t *testing.T, fake *halopsatest.Server, base, id string) {
	t.Helper()
	ticket := ticketOf(t, fake, base, id)
	var got, want []string
	ok := until(patience, func() bool {
		inc, ok := getIncident(base, id)
		if !ok || inc.Status != "resolved" {
			return false
		}
		want = nil
		for _, e := range inc.Timeline {
			if e.Actor.Platform != "halopsa" {
				want = append(want, chat.FormatEvent(e, time.UTC))
			}
		}
		got = haloNotes(fake, ticket)
		return slices.Equal(got, want)
	})
	if !ok {
		t.Fatalf("%s: ticket notes:\n  %s\nwant the timeline:\n  %s", id, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// haloNotes are the notes Tandem wrote on the ticket (less the review's
// notice, a room post), without their markers.
func haloNotes(fake *halopsatest.Server, ticket int) []string {
	var out []string
	for _, a := range fake.Actions(ticket) {
		if a.WhoAgentID != halopsatest.APIAgentID || a.Outcome == "Ticket Logged" {
			continue
		}
		note, _, _ := strings.Cut(a.Note, "\n\n[tandem:")
		if !strings.HasPrefix(note, "📄") {
			out = append(out, note)
		}
	}
	return out
}
