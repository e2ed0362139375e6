package halopsa

import (
	"context"
	"testing"

	api "github.com/tandemhq/tandem/integrations/halopsa"
	"github.com/tandemhq/tandem/integrations/halopsa/halopsatest"
)

// A ticket deleted in Halo is closed as far as the room is concerned, as
// ConnectWise's CloseRoom says of a deleted ticket: not a failed delivery
// on the incident's timeline that no retry can fix.
func TestCloseRoomOfADeletedTicketIsAlreadyClosed(t *testing.T) {
	fake := halopsatest.Start(t)
	client, err := api.New(api.Options{APIURL: fake.APIURL(), AuthURL: fake.AuthURL(), ClientID: halopsatest.ClientID,
		ClientSecret: halopsatest.ClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	tk := &Tickets{api: client, sec: &Section{Statuses: Statuses{New: 1, Acknowledged: 2, Resolved: 9}}}
	outcome, err := tk.CloseRoom(context.Background(), "424242") // no such ticket: Halo answers 404
	if err != nil || outcome != "already closed" {
		t.Fatalf("CloseRoom of a deleted ticket = %q, %v; want \"already closed\", nil", outcome, err)
	}
}
