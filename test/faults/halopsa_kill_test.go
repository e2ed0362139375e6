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

// TestHaloPSAKilledMidSyncRepeatsNothing kills tandem (SIGKILL) again and
// again while it writes an incident's timeline on its HaloPSA ticket, each
// write answered 500 ms after Halo saved it (so kills land between Halo
// saving a note and Tandem recording it), then lets it finish: one
// ticket, every entry on it once, in timeline order.
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
	if _, err := deliver(base, alert("db", "firing"), scriptTimeout); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		time.Sleep(time.Duration(300+rand.IntN(900)) * time.Millisecond)
		p.kill()
		p = run()
	}
	resolveInHalo(t, fake, base)
	checkHaloTicket(t, fake, base)
	p.stop()
}

// resolveInHalo has the NOC's agent resolve the ticket in Halo.
func resolveInHalo(t *testing.T, fake *halopsatest.Server, base string) {
	t.Helper()
	if !until(patience, func() bool { return len(fake.Tickets()) > 0 }) {
		t.Fatal("no ticket opened")
	}
	a := fake.AgentAction(fake.Tickets()[0].ID, 7, "Nora", "Fixed the replica", 9)
	if !until(patience, func() bool {
		code, _ := fake.Notify(base+"/webhooks/halopsa", "halo", "hook-pass", a)
		return code == 200
	}) {
		t.Fatal("the resolve webhook was not taken")
	}
}

// checkHaloTicket waits until the ticket shows the whole timeline and
// checks it shows each entry once, in order.
func checkHaloTicket(t *testing.T, fake *halopsatest.Server, base string) {
	t.Helper()
	var got, want []string
	ok := until(patience, func() bool {
		inc, ok := getIncident(base, "INC-1")
		if !ok || inc.Status != "resolved" {
			return false
		}
		want = nil
		for _, e := range inc.Timeline {
			if e.Actor.Platform != "halopsa" {
				want = append(want, chat.FormatEvent(e, time.UTC))
			}
		}
		got = haloNotes(fake)
		return slices.Equal(got, want)
	})
	if n := len(fake.Tickets()); n != 1 {
		t.Errorf("%d tickets, want 1", n)
	}
	if !ok {
		t.Fatalf("ticket notes:\n  %s\nwant the timeline:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	t.Logf("%d notes on the one ticket after 5 SIGKILLs; %d POST /api/Actions, %d GET /api/Actions (retries looking for their marker), %d POST /api/Tickets", len(got), fake.Calls("POST /api/Actions"), fake.Calls("GET /api/Actions"), fake.Calls("POST /api/Tickets"))
}

// haloNotes are the notes Tandem wrote on the ticket (less the review's
// notice, a room post), without their markers.
func haloNotes(fake *halopsatest.Server) []string {
	var out []string
	for _, a := range fake.Actions(fake.Tickets()[0].ID) {
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
