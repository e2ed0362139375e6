package halopsa_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	api "github.com/tandemhq/tandem/integrations/halopsa"
	"github.com/tandemhq/tandem/integrations/halopsa/halopsatest"
)

// An incident the MSP has no part in (its service is the NOC's, and only
// the NOC is paged) gets no ticket; the MSP's own service does.
func TestNoTicketWhenTheMSPIsNotInvolved(t *testing.T) {
	fake, w, web := nocIncident(t)
	db := w.Alert(t, `{"summary":"Primary DB down","dedup_key":"db-1","severity":"sev2","service":"database"}`)
	bottest.Eventually(t, 10*time.Second, func() bool {
		_, created := find(w.Timeline(t, db), incident.KindRoomCreated)
		return created
	}, "no ticket for the MSP's incident")
	for _, tk := range fake.Tickets() {
		if !strings.HasPrefix(tk.Summary, db+":") {
			t.Errorf("ticket %q for an incident the MSP is not in", tk.Summary)
		}
	}
	if _, created := find(w.Timeline(t, web), incident.KindRoomCreated); created {
		t.Error("the NOC's incident got a room on HaloPSA")
	}
}

// An incident on the NOC's service opens a ticket when the MSP is paged.
func TestTicketOpensWhenTheMSPIsPaged(t *testing.T) {
	fake := halopsatest.Start(t)
	sc := scenario(fake)
	sc.Services = []bottest.Service{{Name: "web", Owner: "noc", Ladder: "msp", Severity: "sev3"}}
	w := sc.Start(t)
	id := w.Alert(t, `{"summary":"Web slow","dedup_key":"web-1","severity":"sev3","service":"web"}`)
	tk := ticket(t, w, fake)
	if tk.Summary != id+": Web slow" || tk.Team != "Service Desk" || tk.PriorityID != 3 {
		t.Errorf("ticket = %+v", tk)
	}
}

// A webhook for a ticket naming an incident that has not recorded it as
// its room yet (the outbox records it just after Halo answers) is answered
// 503, acting on nothing, so Halo's next attempt is acted on.
func TestWebhookBeforeTheTicketIsRecordedIsAnswered503(t *testing.T) {
	fake, w, web := nocIncident(t)
	c, err := api.New(api.Options{APIURL: fake.APIURL(), AuthURL: fake.AuthURL(), ClientID: halopsatest.ClientID, ClientSecret: halopsatest.ClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	early, err := c.CreateTicket(t.Context(), api.Ticket{Summary: web + ": Web slow", TicketTypeID: 3, ClientID: 12, ClientReference: web + "/0/x"})
	if err != nil {
		t.Fatal(err)
	}
	ack := fake.AgentAction(early.ID, agentMia, "Mia Agent", "on it", statusAck)
	if code, err := fake.Notify(w.URL+"/webhooks/halopsa", hookUser, hookPass, ack); err != nil || code != http.StatusServiceUnavailable {
		t.Fatalf("webhook before the room is recorded: %d %v, want 503", code, err)
	}
	if _, acked := find(w.Timeline(t, web), incident.KindAcked); acked {
		t.Fatal("acked through a ticket that is not the incident's room")
	}
}

// nocIncident starts the world with a "web" service of the NOC's own (no
// Halo channel) and opens an incident there, once the NOC is paged: an
// incident the MSP has no part in.
func nocIncident(t *testing.T) (*halopsatest.Server, *bottest.World, string) {
	t.Helper()
	fake := halopsatest.Start(t)
	sc := scenario(fake)
	sc.Services = append(sc.Services, bottest.Service{Name: "web", Owner: "noc", Ladder: "noc", Severity: "sev3"})
	sc.Ladders = append(sc.Ladders, bottest.Ladder{Name: "noc", Steps: []bottest.Step{{Notify: []string{"noc"}}}})
	w := sc.Start(t)
	web := w.Alert(t, `{"summary":"Web slow","dedup_key":"web-1","severity":"sev3","service":"web"}`)
	bottest.Eventually(t, 10*time.Second, func() bool {
		_, paged := find(w.Timeline(t, web), incident.KindPaged)
		return paged
	}, "the NOC was not paged")
	return fake, w, web
}
