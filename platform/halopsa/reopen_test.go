package halopsa_test

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/halopsa/halopsatest"
)

// An incident resolved and reopened (its alert fires again within
// reopen_within) before its room is closed goes on in the same ticket:
// the ticket leaves statuses.resolved for statuses.new, as ConnectWise's
// does, or the MSP's desk sees a live incident as a resolved ticket.
func TestReopenedIncidentMovesItsTicketBackToNew(t *testing.T) {
	fake := halopsatest.Start(t)
	w := world(t, fake)
	alert := `{"summary":"Primary DB down","dedup_key":"db-1","severity":"sev2","service":"database"}`
	id := w.Alert(t, alert)
	tk := ticket(t, w, fake)
	w.Alert(t, `{"summary":"Primary DB down","dedup_key":"db-1","status":"resolved","severity":"sev2","service":"database"}`) // auto-resolves it
	bottest.Eventually(t, 10*time.Second, func() bool { return fake.Tickets()[0].StatusID == statusResolved }, "ticket not resolved")
	bottest.Eventually(t, 10*time.Second, func() bool { return count(w.Timeline(t, id), incident.KindResolved) == 1 }, "not resolved")
	if again := w.Alert(t, alert); again != id {
		t.Fatalf("the alert firing again opened %s, want %s reopened", again, id)
	}
	bottest.Eventually(t, 10*time.Second, func() bool { return count(w.Timeline(t, id), incident.KindReopened) == 1 }, "not reopened")
	bottest.Eventually(t, 10*time.Second, func() bool { return has(notes(fake, tk.ID), "reopened") }, "reopening not on the ticket")
	if got := fake.Tickets(); len(got) != 1 || got[0].StatusID != statusNew {
		t.Fatalf("tickets = %+v, want the one ticket back in status %d (new)", got, statusNew)
	}
}
