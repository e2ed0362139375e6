package teams_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
)

// Replies into one thread keep Teams' pace per thread: consecutive posts
// at least 500 ms apart (a lower bound only, which a loaded machine
// cannot break).
func TestRepliesPacedPerThread(t *testing.T) {
	f := teamstest.Start(t)
	f.AddChannel(noc, "NOC")
	ctx := context.Background()
	room := client(t, f, "").ThreadRoom("noc", noc)
	thread, _, err := room.CreateRoom(ctx, "inc-7", incident.Incident{ID: "INC-7", Title: "Disk full", Severity: incident.Sev2})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := room.Post(ctx, thread, chat.PostKey{ID: fmt.Sprint("entry-", i)}, "entry"); err != nil {
			t.Fatal(err)
		}
	}
	var at []time.Time
	for _, call := range f.Calls() {
		if call.Route == teamstest.RouteSend {
			at = append(at, call.At)
		}
	}
	if len(at) != 3 {
		t.Fatalf("%d sends, want 3", len(at))
	}
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap < 450*time.Millisecond {
			t.Fatalf("posts %d and %d into one thread %v apart, want at least 500 ms", i-1, i, gap)
		}
	}
}
