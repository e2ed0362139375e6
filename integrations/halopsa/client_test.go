package halopsa_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/halopsa"
	"github.com/tandemhq/tandem/integrations/halopsa/halopsatest"
)

func newClient(t *testing.T, fake *halopsatest.Server, secret string) *halopsa.Client {
	t.Helper()
	c, err := halopsa.New(halopsa.Options{APIURL: fake.APIURL(), AuthURL: fake.AuthURL(),
		ClientID: halopsatest.ClientID, ClientSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTicketsAndActions(t *testing.T) {
	fake := halopsatest.Start(t)
	c := newClient(t, fake, halopsatest.ClientSecret)
	ctx := context.Background()
	tk, err := c.CreateTicket(ctx, halopsa.Ticket{Summary: "INC-1 db down", TicketTypeID: 3, ClientID: 12, PriorityID: 1, ClientReference: "INC-1/0/abc"})
	if err != nil || tk.ID == 0 || tk.StatusID != 1 {
		t.Fatalf("CreateTicket: %+v %v", tk, err)
	}
	if _, err := c.AddAction(ctx, halopsa.Action{TicketID: tk.ID, Note: "checking", HiddenFromUser: true}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetStatus(ctx, tk.ID, 9); err != nil {
		t.Fatal(err)
	}
	got, err := c.Ticket(ctx, tk.ID)
	if err != nil || got.StatusID != 9 {
		t.Fatalf("Ticket: %+v %v", got, err)
	}
	found, ok, err := c.FindTicket(ctx, "INC-1/0/abc")
	if err != nil || !ok || found.ID != tk.ID {
		t.Fatalf("FindTicket: %+v %v %v", found, ok, err)
	}
	if _, ok, _ := c.FindTicket(ctx, "INC-2/0/abc"); ok {
		t.Fatal("FindTicket found a ticket for another reference")
	}
	acts, err := c.Actions(ctx, tk.ID)
	if err != nil || len(acts) != 3 || acts[1].Note != "checking" || !acts[1].HiddenFromUser || acts[2].NewStatus != 9 {
		t.Fatalf("Actions: %+v %v", acts, err)
	}
	if n := fake.TokensIssued(); n != 1 {
		t.Errorf("tokens issued = %d, want 1 (cached)", n)
	}
}

func TestErrorsSayWhetherToRetry(t *testing.T) {
	fake := halopsatest.Start(t)
	c := newClient(t, fake, halopsatest.ClientSecret)
	ctx := context.Background()
	tk, _ := c.CreateTicket(ctx, halopsa.Ticket{Summary: "x"})
	fake.Fail("POST", "/api/Actions", 429, "7", 1)
	_, err := c.AddAction(ctx, halopsa.Action{TicketID: tk.ID, Note: "n"})
	if chat.IsPermanent(err) || chat.RetryDelay(err) != 7*time.Second {
		t.Errorf("429: %v (delay %s), want a retry after 7s", err, chat.RetryDelay(err))
	}
	fake.Fail("POST", "/api/Actions", 503, "", 1)
	if _, err := c.AddAction(ctx, halopsa.Action{TicketID: tk.ID, Note: "n"}); err == nil || chat.IsPermanent(err) {
		t.Errorf("503: %v, want a retryable error", err)
	}
	_, err = c.AddAction(ctx, halopsa.Action{TicketID: 999999, Note: "n"})
	if !chat.IsPermanent(err) || !strings.Contains(err.Error(), "Ticket 999999 does not exist") {
		t.Errorf("400: %v, want a permanent error with Halo's message", err)
	}
	bad := newClient(t, fake, "wrong")
	_, err = bad.Ticket(ctx, tk.ID)
	if !chat.IsPermanent(err) || !strings.Contains(err.Error(), "Invalid client credentials") {
		t.Errorf("bad secret: %v, want a permanent error naming the problem", err)
	}
}

func TestDecodeWebhook(t *testing.T) {
	for body, want := range map[string][]int{
		`{"id": 5, "ticket": {"id": 1001, "summary": "x"}, "action": {"id": 5, "ticket_id": 1001}}`: {1001},
		`{"action": {"ticket_id": "1002"}}`:                           {1002},
		`{"ticket_id": 1003}`:                                         {1003},
		`[{"ticket": {"id": 7}}, {"ticket_id": 8}, {"ticket_id": 7}]`: {7, 8},
	} {
		w, err := halopsa.DecodeWebhook([]byte(body))
		if err != nil || !slices.Equal(w.TicketIDs, want) {
			t.Errorf("%s: %+v %v, want %v", body, w, err, want)
		}
	}
	for _, body := range []string{`[]`, `{}`, `{"ticket": {"id": "x"}}`, `{"ticket_id": -3}`, `[{"ticket_id": 1}, {}]`} {
		if _, err := halopsa.DecodeWebhook([]byte(body)); err == nil {
			t.Errorf("%s: no error", body)
		}
	}
}

func FuzzDecodeWebhook(f *testing.F) {
	f.Add([]byte(`{"ticket": {"id": 1001}, "action": {"ticket_id": 1001}}`))
	f.Add([]byte(`{"ticket_id": "12"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := halopsa.DecodeWebhook(b)
		if err != nil {
			return
		}
		if len(w.TicketIDs) == 0 || len(w.TicketIDs) > 100 {
			t.Fatalf("accepted %q with %d tickets", b, len(w.TicketIDs))
		}
		for _, id := range w.TicketIDs {
			if id <= 0 {
				t.Fatalf("accepted %q with ticket %d", b, id)
			}
		}
	})
}
