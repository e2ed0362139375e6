package halopsa_test

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/integrations/halopsa/halopsatest"
)

func TestRateLimitsAndOutagesAreRetried(t *testing.T) {
	fake := halopsatest.Start(t)
	// The ticket's creation meets a 429 and then a 502; the first note a 503.
	fake.Fail("POST", "/api/Tickets", 429, "1", 1)
	fake.Fail("POST", "/api/Tickets", 502, "", 1)
	fake.Fail("POST", "/api/Actions", 429, "1", 1)
	fake.Fail("POST", "/api/Actions", 503, "", 1)
	w := world(t, fake)
	id := w.Alert(t, `{"summary":"Primary DB down","dedup_key":"db-1","severity":"sev2","service":"database"}`)
	tk := ticket(t, w, fake)
	w.Say("alice", "resolve "+id+" replica promoted")
	bottest.Eventually(t, 30*time.Second, func() bool { return has(notes(fake, tk.ID), "replica promoted") }, "resolve not on the ticket")
	if n := fake.Calls("POST /api/Tickets"); n != 3 {
		t.Errorf("POST Tickets called %d times, want 3 (429, 502, created)", n)
	}
	if n := len(fake.Tickets()); n != 1 {
		t.Errorf("%d tickets, want 1", n)
	}
	checkOrder(t, w, id, notes(fake, tk.ID))
}
