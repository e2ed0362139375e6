package halopsa_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	api "github.com/tandemhq/tandem/integrations/halopsa"
	"github.com/tandemhq/tandem/integrations/halopsa/halopsatest"
)

// Halo numbers a ticket's actions within the ticket (an action is named
// by ticket_id and id), so two incidents' tickets have actions of the
// same id: mia's note on the second is not taken for the first's, already
// acted on.
func TestSameActionIDOnTwoTicketsActsOnBoth(t *testing.T) {
	fake := halopsatest.Start(t)
	w := world(t, fake)
	idA := w.Alert(t, `{"summary":"Primary DB down","dedup_key":"db-1","severity":"sev2","service":"database"}`)
	idB := w.Alert(t, `{"summary":"Replica lagging","dedup_key":"db-2","severity":"sev3","service":"database"}`)
	tkA, tkB := ticketOf(t, w, fake, idA), ticketOf(t, w, fake, idB)
	// Even the tickets' action counts with system actions (no agent: not acted on).
	for len(fake.Actions(tkA.ID)) < len(fake.Actions(tkB.ID)) {
		fake.AgentAction(tkA.ID, 0, "", "system", 0)
	}
	for len(fake.Actions(tkB.ID)) < len(fake.Actions(tkA.ID)) {
		fake.AgentAction(tkB.ID, 0, "", "system", 0)
	}
	a := fake.AgentAction(tkA.ID, agentMia, "Mia Agent", "first ticket", 0)
	b := fake.AgentAction(tkB.ID, agentMia, "Mia Agent", "second ticket", 0)
	if a.ID != b.ID {
		t.Fatalf("action ids %d and %d: the test needs them equal", a.ID, b.ID)
	}
	hook := w.URL + "/webhooks/halopsa"
	for _, act := range []api.Action{a, b} {
		if code, err := fake.Notify(hook, hookUser, hookPass, act); err != nil || code != 200 {
			t.Fatalf("webhook: %d %v", code, err)
		}
	}
	if !noted(w.Timeline(t, idA), "first ticket") {
		t.Fatalf("mia's note on %s's ticket not on its timeline", idA)
	}
	if !noted(w.Timeline(t, idB), "second ticket") {
		t.Fatalf("mia's note on %s's ticket (action %d, as on %s's) not on its timeline: taken as done already", idB, b.ID, idA)
	}
}

// ticketOf waits for incident id's ticket and for Tandem's writes on it to
// catch up with the timeline.
func ticketOf(t *testing.T, w *bottest.World, fake *halopsatest.Server, id string) api.Ticket {
	t.Helper()
	var tk api.Ticket
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, c := range fake.Tickets() {
			if strings.HasPrefix(c.ClientReference, id+"/") {
				tk = c
				return len(notes(fake, c.ID)) >= len(w.Timeline(t, id))
			}
		}
		return false
	}, "no ticket, or its notes behind the timeline, for "+id)
	return tk
}
