package connectwise_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	cw "github.com/tandemhq/tandem/integrations/connectwise"
	"github.com/tandemhq/tandem/integrations/connectwise/connectwisetest"
)

func newClient(t *testing.T, fake *connectwisetest.Server, private string) *cw.Client {
	t.Helper()
	c, err := cw.New(cw.Options{APIURL: fake.URL, CompanyID: connectwisetest.CompanyID, PublicKey: connectwisetest.PublicKey,
		PrivateKey: private, ClientID: connectwisetest.ClientID})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ticket() cw.Ticket {
	return cw.Ticket{Summary: "INC-1 db down", Board: cw.Ref{Name: connectwisetest.Board},
		Company: cw.CompanyRef{Identifier: connectwisetest.Company}, ExternalXRef: "tandem:INC-1@1"}
}

func TestTicketRoundTrip(t *testing.T) {
	fake := connectwisetest.Start(t)
	c := newClient(t, fake, connectwisetest.PrivateKey)
	ctx := context.Background()
	in := ticket()
	in.InitialDescription = "opened by Tandem"
	tk, err := c.CreateTicket(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	found, ok, err := c.TicketByXRef(ctx, "tandem:INC-1@1")
	if err != nil || !ok || found.ID != tk.ID {
		t.Fatalf("by xref: %+v %v %v, want ticket %d", found, ok, err, tk.ID)
	}
	if _, ok, _ := c.TicketByXRef(ctx, `tandem:"other"`); ok {
		t.Fatal("found a ticket for another marker")
	}
	if _, err := c.AddNote(ctx, tk.ID, cw.Note{Text: "hello", InternalAnalysisFlag: true}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetStatus(ctx, tk.ID, connectwisetest.StatusResolved); err != nil {
		t.Fatal(err)
	}
	got, err := c.Ticket(ctx, tk.ID)
	if err != nil || got.StatusName() != connectwisetest.StatusResolved || got.Info.UpdatedBy != connectwisetest.APIMember {
		t.Fatalf("ticket after patch: %+v %v", got, err)
	}
	notes, err := c.Notes(ctx, tk.ID)
	if err != nil || len(notes) != 2 || notes[0].Text != "opened by Tandem" || notes[1].Text != "hello" || !notes[1].InternalAnalysisFlag {
		t.Fatalf("notes: %+v %v", notes, err)
	}
}

func TestErrorsSayWhetherToRetry(t *testing.T) {
	fake := connectwisetest.Start(t)
	c := newClient(t, fake, connectwisetest.PrivateKey)
	ctx := context.Background()

	fake.Fail(1, "POST service/tickets", http.StatusTooManyRequests, "7")
	_, err := c.CreateTicket(ctx, ticket())
	if chat.RetryDelay(err) != 7*time.Second || chat.IsPermanent(err) {
		t.Fatalf("429: %v, want a retry after 7s", err)
	}
	fake.Fail(1, "", http.StatusTooManyRequests, "")
	if _, err := c.Ticket(ctx, 1); chat.RetryDelay(err) != time.Second {
		t.Fatalf("429 without Retry-After: %v, want a retry after 1s", err)
	}
	fake.Fail(1, "", http.StatusServiceUnavailable, "")
	if _, err := c.CreateTicket(ctx, ticket()); err == nil || chat.IsPermanent(err) || chat.RetryDelay(err) != 0 {
		t.Fatalf("503: %v, want a retry with backoff", err)
	}
	bad := ticket()
	bad.Board.Name = "Nope"
	_, err = c.CreateTicket(ctx, bad)
	var api *cw.APIError
	if !chat.IsPermanent(err) || !errors.As(err, &api) || api.Code != "InvalidObject" || !strings.Contains(api.Message, "board") {
		t.Fatalf("400: %v, want permanent naming the board", err)
	}
	if _, err := c.Ticket(ctx, 99999); !cw.IsNotFound(err) {
		t.Fatalf("404: %v", err)
	}
	if n := len(fake.Tickets()); n != 0 {
		t.Fatalf("%d tickets after failed calls, want 0", n)
	}
}

func TestBadKeysAreRefused(t *testing.T) {
	fake := connectwisetest.Start(t)
	c := newClient(t, fake, "wrong")
	_, err := c.Ticket(context.Background(), 1)
	var api *cw.APIError
	if !chat.IsPermanent(err) || !errors.As(err, &api) || api.Status != http.StatusUnauthorized {
		t.Fatalf("bad keys: %v, want a permanent 401", err)
	}
}

func TestNewNamesWhatIsMissing(t *testing.T) {
	for _, tc := range []struct {
		opt  cw.Options
		want string
	}{
		{cw.Options{APIURL: "nope"}, "api_url"},
		{cw.Options{APIURL: "https://x/v4_6_release/apis/3.0/"}, "company_id"},
		{cw.Options{APIURL: "https://x/", CompanyID: "c", PublicKey: "p", PrivateKey: "k"}, "client_id"},
	} {
		if _, err := cw.New(tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want an error naming %s", tc.opt, err, tc.want)
		}
	}
}
