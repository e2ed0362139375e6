package halopsa_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/halopsa/halopsatest"
)

// find is the first timeline entry of kind, if any.
func find(tl []incident.Event, kind incident.Kind) (incident.Event, bool) {
	for _, e := range tl {
		if e.Kind == kind {
			return e, true
		}
	}
	return incident.Event{}, false
}

// noted reports whether mia wrote a note holding text.
func noted(tl []incident.Event, text string) bool {
	for _, e := range tl {
		if e.Kind == incident.KindNote && e.Actor.Name == "mia" && e.Actor.Side == incident.MSP {
			for _, v := range e.Details {
				if strings.Contains(v, text) {
					return true
				}
			}
		}
	}
	return false
}

func count(tl []incident.Event, kind incident.Kind) int {
	n := 0
	for _, e := range tl {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

func TestAgentInHaloAcksAndNotesAsTheMappedMSPMember(t *testing.T) {
	fake := halopsatest.Start(t)
	w := world(t, fake)
	id := w.Alert(t, `{"summary":"Primary DB down","dedup_key":"db-1","severity":"sev2","service":"database"}`)
	tk := ticket(t, w, fake)
	hook := w.URL + "/webhooks/halopsa"

	// A bad password or none: refused, nothing read or done.
	ack := fake.AgentAction(tk.ID, agentMia, "Mia Agent", "Looking at it", statusAck)
	if code, err := fake.Notify(hook, hookUser, "wrong", ack); err != nil || code != http.StatusUnauthorized {
		t.Fatalf("bad password: %d %v, want 401", code, err)
	}
	if code, _ := bottest.Do(t, "POST", hook, `{"ticket_id": 1}`, nil); code != http.StatusUnauthorized {
		t.Fatalf("no credentials: %d, want 401", code)
	}
	if _, acked := find(w.Timeline(t, id), incident.KindAcked); acked {
		t.Fatal("acked through a refused webhook")
	}

	// The agent moved the ticket to "acknowledged": mia acks, on the MSP side.
	// The ticket may not be recorded as the room yet (the outbox records it
	// just after Halo answers): then the webhook is answered 503 and sent
	// again, as Halo does, until it is taken.
	bottest.Eventually(t, 10*time.Second, func() bool {
		code, err := fake.Notify(hook, hookUser, hookPass, ack)
		if err != nil || (code != http.StatusOK && code != http.StatusServiceUnavailable) {
			t.Fatalf("webhook: %d %v", code, err)
		}
		return code == http.StatusOK
	}, "the ack webhook was never taken")
	e, ok := find(w.Timeline(t, id), incident.KindAcked)
	if !ok || e.Actor.Name != "mia" || e.Actor.Side != incident.MSP || e.Actor.Platform != "halopsa" {
		t.Fatalf("acked = %+v, %v; want mia (msp) from halopsa", e, ok)
	}

	// A note by the agent becomes a timeline note, also when Halo repeats
	// the ticket's status in new_status; the same webhook sent again (Halo
	// retries) adds nothing.
	note := fake.AgentAction(tk.ID, agentMia, "Mia Agent", "Restarted the primary", statusAck)
	for range 2 {
		if code, _ := fake.Notify(hook, hookUser, hookPass, note); code != http.StatusOK {
			t.Fatalf("webhook: %d", code)
		}
	}
	tl := w.Timeline(t, id)
	if !noted(tl, "Looking at it") || !noted(tl, "Restarted the primary") {
		t.Fatalf("agent notes missing from the timeline: %+v", tl)
	}
	if count(tl, incident.KindNote) != 2 || count(tl, incident.KindAcked) != 1 {
		t.Errorf("a webhook sent twice acted twice: %d notes, %d acks", count(tl, incident.KindNote), count(tl, incident.KindAcked))
	}

	// Tandem's own writes come back as webhooks too: echoes, ignored.
	w.Say("alice", "note "+id+" from the NOC")
	bottest.Eventually(t, 10*time.Second, func() bool { return has(notes(fake, tk.ID), "from the NOC") }, "NOC note not on the ticket")
	acts := fake.Actions(tk.ID)
	if code, _ := fake.Notify(hook, hookUser, hookPass, acts[len(acts)-1]); code != http.StatusOK {
		t.Fatalf("echo webhook: %d", code)
	}
	if got := count(w.Timeline(t, id), incident.KindNote); got != 3 {
		t.Errorf("%d notes after an echo, want 3 (mia's two and the NOC's)", got)
	}
	// The ticket shows neither the ack nor mia's note twice: they came from Halo.
	if has(notes(fake, tk.ID), "Restarted the primary") {
		t.Error("mia's note from Halo was written back on the ticket")
	}

	// The agent resolves in Halo: the incident is resolved by mia with the note.
	res := fake.AgentAction(tk.ID, agentMia, "Mia Agent", "Replica promoted", statusResolved)
	if code, _ := fake.Notify(hook, hookUser, hookPass, res); code != http.StatusOK {
		t.Fatalf("webhook: %d", code)
	}
	r, ok := find(w.Timeline(t, id), incident.KindResolved)
	if !ok || r.Actor.Name != "mia" || r.Actor.Side != incident.MSP {
		t.Fatalf("resolved = %+v, %v", r, ok)
	}
}

func TestUnmappedAgentIsRefusedAndAnswered200(t *testing.T) {
	fake := halopsatest.Start(t)
	w := world(t, fake)
	id := w.Alert(t, `{"summary":"Primary DB down","dedup_key":"db-1","severity":"sev2","service":"database"}`)
	tk := ticket(t, w, fake)
	a := fake.AgentAction(tk.ID, 99, "Stranger", "", statusAck)
	if code, _ := fake.Notify(w.URL+"/webhooks/halopsa", hookUser, hookPass, a); code != http.StatusOK {
		t.Fatalf("webhook: %d, want 200 (so Halo does not retry forever)", code)
	}
	if _, acked := find(w.Timeline(t, id), incident.KindAcked); acked {
		t.Fatal("an agent mapped to no member acked")
	}
}

// A webhook for a ticket Halo does not have (deleted) or that is no
// Tandem ticket is answered 200 and changes nothing; a bad body is 400.
func TestWebhookForAnotherTicketIsIgnored(t *testing.T) {
	fake := halopsatest.Start(t)
	w := world(t, fake)
	auth := map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(hookUser+":"+hookPass)),
		"Content-Type": "application/json"}
	if code, body := bottest.Do(t, "POST", w.URL+"/webhooks/halopsa", `{"ticket_id": 424242}`, auth); code != http.StatusOK {
		t.Errorf("unknown ticket: %d %s, want 200", code, body)
	}
	code, body := bottest.Do(t, "POST", w.URL+"/webhooks/halopsa", `{"event": "x"}`, auth)
	if code != http.StatusBadRequest || !strings.Contains(body, "no ticket id") {
		t.Errorf("no ticket id: %d %s, want 400 naming it", code, body)
	}
}
