package faults

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	cw "github.com/tandemhq/tandem/integrations/connectwise"
	"github.com/tandemhq/tandem/integrations/connectwise/connectwisetest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// cwScenario: the NOC follows incidents on its ConnectWise board; both
// teams are paged at once, so the ticket opens with the incident. Nora is
// ConnectWise member "nora".
func cwScenario(yaml string) bottest.Scenario {
	sc := acmeAndNOC("unacked_every: 2h, update_every: 2h", step("", "acme-it", "noc"))
	sc.Teams[1].Channels = map[string]string{cw.Platform: connectwisetest.Board}
	sc.Teams[1].Members[0].Accounts = map[string]string{cw.Platform: "nora"}
	sc.YAML += yaml
	return sc
}

// Tandem is killed with SIGKILL twice while it writes to ConnectWise: once
// after ConnectWise stored the ticket and before its answer came back,
// once likewise for the third note. Each time a new process takes the
// work over. In the end there is one ticket, every timeline entry is one
// note in timeline order, and no write was made twice (ConnectWise got one
// ticket POST and one note POST per note): the retries found the ticket
// by its externalXRef and the note by its marker. Nora then resolves the
// ticket in ConnectWise, and the incident is resolved as Nora.
func TestConnectWiseSIGKILLMidSyncRepeatsNothing(t *testing.T) {
	redistest.NeedReal(t)
	t.Parallel()
	srv := redistest.Start(t, "--appendonly", "yes", "--appendfsync", "always")
	fake, yaml, envMap := bottest.ConnectWise(t, nil)
	env := scriptEnv()
	for k, v := range envMap {
		env = append(env, k+"="+v)
	}
	held, release := make(chan string), make(chan struct{})
	var notes atomic.Int32
	var ticketHeld atomic.Bool
	fake.OnWrite(func(call string) {
		hold := call == "POST service/tickets" && ticketHeld.CompareAndSwap(false, true) ||
			call == "POST service/tickets/{id}/notes" && notes.Add(1) == 3
		if hold {
			held <- call
			<-release
		}
	})
	bin, prefix := tandemBinary(t), redistest.Prefix(t)
	start := func() (*proc, string) {
		addr := freeAddr(t)
		path := writeFile(t, "tandem.yaml", asProcess(cwScenario(yaml), addr, srv.URL(), bottest.Where{Prefix: prefix}))
		p, err := startProc(bin, path, env, &syncBuffer{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.kill)
		base := "http://" + addr
		if err := waitHealthy(base, p, 20*time.Second); err != nil {
			t.Fatal(err)
		}
		return p, base
	}
	killAt := func(p *proc, want string) {
		t.Helper()
		select {
		case call := <-held:
			if call != want {
				t.Fatalf("held %s, want %s", call, want)
			}
		case <-time.After(90 * time.Second):
			t.Fatalf("ConnectWise never got %s", want)
		}
		p.kill()
		release <- struct{}{}
	}

	a, base := start()
	ids, err := deliver(base, alert("db-1", "firing"), 20*time.Second)
	if err != nil || len(ids) != 1 {
		t.Fatalf("alert: %v %v", ids, err)
	}
	id := ids[0]
	killAt(a, "POST service/tickets")
	b, _ := start()
	killAt(b, "POST service/tickets/{id}/notes")
	_, base = start()

	var why string
	if !until(90*time.Second, func() bool { why = cwNotesMatch(base, id, fake); return why == "" }) {
		t.Fatalf("after the kills: %s", why)
	}
	tickets := fake.Tickets()
	fake.SetCallbackURL(base + "/webhooks/connectwise?token=" + bottest.ConnectWiseToken)
	fake.Move(tickets[0].ID, connectwisetest.StatusResolved, "nora")
	if !until(60*time.Second, func() bool {
		inc, ok := getIncident(base, id)
		return ok && inc.Status == "resolved" && cwNotesMatch(base, id, fake) == ""
	}) {
		inc, _ := getIncident(base, id)
		t.Fatalf("not resolved from ConnectWise, or notes missing: %s; %s", inc.Status, cwNotesMatch(base, id, fake))
	}
	inc, _ := getIncident(base, id)
	resolved := cwKinds(inc.Timeline, incident.KindResolved)
	if len(resolved) != 1 || resolved[0].Actor.Name != "Nora" || resolved[0].Actor.Side != incident.MSP {
		t.Fatalf("resolved entries %+v, want one by Nora (MSP)", resolved)
	}
	written := len(fake.Notes(tickets[0].ID)) - 1 // less the initial description
	if n, p, nt := len(fake.Tickets()), fake.Calls("POST service/tickets"), fake.Calls("POST service/tickets/{id}/notes"); n != 1 || p != 1 || nt != written {
		t.Fatalf("%d tickets, %d ticket POSTs, %d note POSTs for %d notes: want 1, 1 and one POST per note", n, p, nt, written)
	}
	t.Logf("2 SIGKILLs mid-write: 1 ticket, %d notes for %d timeline entries, 0 writes repeated", written, len(inc.Timeline))
}

// cwNotesMatch says what is wrong with the ticket's notes against the
// incident's timeline ("" when every entry not from ConnectWise is one
// note, in order).
func cwNotesMatch(base, id string, fake *connectwisetest.Server) string {
	inc, ok := getIncident(base, id)
	tickets := fake.Tickets()
	if !ok || len(tickets) == 0 {
		return "no incident or no ticket yet"
	}
	if len(tickets) > 1 {
		return fmt.Sprintf("%d tickets", len(tickets))
	}
	notes := fake.Notes(tickets[0].ID)
	last := -1
	var problems []string
	for _, e := range inc.Timeline {
		if e.Actor.Platform == cw.Platform { // from ConnectWise: on the ticket already
			continue
		}
		want, at, n := chat.DescribeEvent(e), -1, 0
		for i, note := range notes {
			if note.Author() == connectwisetest.APIMember && strings.Contains(note.Text, want) {
				at, n = i, n+1
			}
		}
		if n != 1 || at < last {
			problems = append(problems, fmt.Sprintf("%q: %d notes, at %d after %d", want, n, at, last))
		}
		last = max(last, at)
	}
	sort.Strings(problems)
	return strings.Join(problems, "; ")
}

func cwKinds(events []incident.Event, kind incident.Kind) []incident.Event {
	var out []incident.Event
	for _, e := range events {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}
