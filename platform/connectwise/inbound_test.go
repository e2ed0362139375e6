package connectwise_test

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	cw "github.com/tandemhq/tandem/integrations/connectwise"
	"github.com/tandemhq/tandem/integrations/connectwise/connectwisetest"
)

// Callbacks Tandem must not act on: a malformed body (400 naming the
// problem), a deleted ticket, another entity, a ticket Tandem did not
// open, an unknown ticket (200, nothing done), a move and a note by a
// member no person is mapped to (200, nothing on the timeline), and the
// same callback twice (acted on once).
func TestCallbacksActedOnOnlyForMappedMembers(t *testing.T) {
	fake, yaml, env := bottest.ConnectWise(t, nil)
	w := scenario(yaml, env).Start(t)
	id := w.Alert(t, diskAlert)
	bottest.Eventually(t, wait, func() bool { return len(kinds(w.Timeline(t, id), incident.KindPaged)) == 1 }, "acme-it not paged")
	w.Clock.Advance(6 * time.Minute)
	tk := waitTicket(t, fake)
	waitNotesMatch(t, w, fake, id, tk.ID)
	url := w.URL + "/webhooks/connectwise?token=" + bottest.ConnectWiseToken
	send := func(body string) (int, string) { return bottest.Do(t, "POST", url, body, nil) }
	cb := func(id int) string {
		return `{"Action":"updated","Type":"ticket","ID":` + strconv.Itoa(id) + `,"Entity":"{}"}`
	}

	for body, want := range map[string]string{`{"Action":"updated"}`: "no ID", `[1]`: "not the callback JSON", `{"ID":0,"Action":"x"}`: "positive"} {
		if code, resp := send(body); code != http.StatusBadRequest || !strings.Contains(resp, want) {
			t.Errorf("%s: %d %q, want 400 naming %q", body, code, resp, want)
		}
	}
	other, err := newAPI(fake).CreateTicket(t.Context(), cw.Ticket{Summary: "printer jam", Board: cw.Ref{Name: connectwisetest.Board},
		Company: cw.CompanyRef{Identifier: connectwisetest.Company}})
	if err != nil {
		t.Fatal(err)
	}
	fake.Move(other.ID, connectwisetest.StatusAck, "omar") // a ticket Tandem did not open
	fake.Move(tk.ID, connectwisetest.StatusAck, "stranger")
	fake.Note(tk.ID, "not from a mapped member", "stranger")
	for _, body := range []string{`{"Action":"deleted","Type":"ticket","ID":` + strconv.Itoa(tk.ID) + `}`,
		`{"Action":"updated","Type":"company","ID":5}`, cb(other.ID), cb(987654), cb(tk.ID)} {
		if code, resp := send(body); code != http.StatusOK {
			t.Fatalf("%s: %d %s, want 200", body, code, resp)
		}
	}
	tl := w.Timeline(t, id)
	if a, n := kinds(tl, incident.KindAcked), kinds(tl, incident.KindNote); len(a)+len(n) != 0 {
		t.Fatalf("acted on an unmapped member's change: %+v %+v", a, n)
	}
	fake.SetCallbackURL("")
	fake.Note(tk.ID, "from Omar", "omar")
	for range 2 {
		if code, resp := send(cb(tk.ID)); code != http.StatusOK {
			t.Fatalf("%d %s", code, resp)
		}
	}
	if n := kinds(w.Timeline(t, id), incident.KindNote); len(n) != 1 || n[0].Actor.Name != "Omar" {
		t.Fatalf("notes %+v, want Omar's once", n)
	}
}

func newAPI(fake *connectwisetest.Server) *cw.Client {
	c, _ := cw.New(cw.Options{APIURL: fake.URL, CompanyID: connectwisetest.CompanyID, PublicKey: connectwisetest.PublicKey,
		PrivateKey: connectwisetest.PrivateKey, ClientID: connectwisetest.ClientID})
	return c
}

// Two replicas on one Redis both get the callback of Omar's note (a
// balancer retrying, or ConnectWise sending it again) at the same moment:
// the note is on the timeline once.
func TestCallbackToTwoReplicasActsOnce(t *testing.T) {
	fake, yaml, env := bottest.ConnectWise(t, nil)
	sc := scenario(yaml, env)
	sc.Bots = 2
	w := sc.Start(t)
	id := w.Alert(t, diskAlert)
	bottest.Eventually(t, wait, func() bool { return len(kinds(w.Timeline(t, id), incident.KindPaged)) == 1 }, "acme-it not paged")
	w.Clock.Advance(6 * time.Minute)
	tk := waitTicket(t, fake)
	waitNotesMatch(t, w, fake, id, tk.ID)
	fake.Note(tk.ID, "Failing over to db-02", "omar")
	body := `{"Action":"updated","Type":"ticket","ID":` + strconv.Itoa(tk.ID) + `,"Entity":"{}"}`
	var wg sync.WaitGroup
	for _, b := range w.Bots {
		for range 3 {
			wg.Go(func() {
				resp, err := http.Post(b.URL+"/webhooks/connectwise?token="+bottest.ConnectWiseToken, "application/json", strings.NewReader(body))
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s: %d", b.URL, resp.StatusCode)
				}
			})
		}
	}
	wg.Wait()
	if n := kinds(w.Timeline(t, id), incident.KindNote); len(n) != 1 || n[0].Actor.Name != "Omar" {
		t.Fatalf("notes %+v, want Omar's once", n)
	}
}

// A callback for a ticket of Tandem's that is not yet recorded as its
// incident's room (the outbox records it just after ConnectWise answers)
// is answered 503, acting on nothing and claiming nothing, so ConnectWise's
// next attempt is acted on; taken at once, the member's change would have
// been claimed and then refused, lost.
func TestCallbackBeforeTheTicketIsRecordedIsAnswered503(t *testing.T) {
	fake, yaml, env := bottest.ConnectWise(t, nil)
	w := scenario(yaml, env).Start(t)
	id := w.Alert(t, diskAlert)
	bottest.Eventually(t, wait, func() bool { return len(kinds(w.Timeline(t, id), incident.KindPaged)) == 1 }, "acme-it not paged")
	early, err := newAPI(fake).CreateTicket(t.Context(), cw.Ticket{Summary: "Disk full", Board: cw.Ref{Name: connectwisetest.Board},
		Company: cw.CompanyRef{Identifier: connectwisetest.Company}, ExternalXRef: "tandem:" + id + "@1"})
	if err != nil {
		t.Fatal(err)
	}
	fake.Move(early.ID, connectwisetest.StatusAck, "omar")
	body := `{"Action":"updated","Type":"ticket","ID":` + strconv.Itoa(early.ID) + `,"Entity":"{}"}`
	code, resp := bottest.Do(t, "POST", w.URL+"/webhooks/connectwise?token="+bottest.ConnectWiseToken, body, nil)
	if code != http.StatusServiceUnavailable || !strings.Contains(resp, "not recorded") {
		t.Fatalf("callback before the room is recorded: %d %q, want 503 saying to send it again", code, resp)
	}
	if a := kinds(w.Timeline(t, id), incident.KindAcked); len(a) != 0 {
		t.Fatalf("acked through a ticket that is not the incident's room: %+v", a)
	}
}
