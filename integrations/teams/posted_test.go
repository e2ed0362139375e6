package teams_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/teams"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
)

const noc = "19:noc@thread.tacv2"

func client(t *testing.T, f *teamstest.Server, teamID string) *teams.Client {
	t.Helper()
	c, err := teams.New(teams.Options{AppID: teamstest.AppID, Password: teamstest.AppPassword, ServiceURL: f.ServiceURL(),
		LoginURL: f.LoginURL(), GraphURL: f.GraphURL(), TeamID: teamID})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// An attempt that may repeat an earlier one (a thread created, a reply
// posted, and the process killed before the outbox recorded it) finds
// the earlier post through Graph and posts nothing; without msteams.team_id
// there is nothing to ask, and the post shows twice (the documented window).
func TestPostsFoundAgainThroughGraph(t *testing.T) {
	ctx := context.Background()
	inc := incident.Incident{ID: "INC-7", Title: "Disk full", Severity: incident.Sev2, Status: incident.StatusOpen,
		OpenedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	for _, tc := range []struct {
		teamID        string
		threads, reps int
	}{{teamstest.TeamID, 1, 1}, {"", 2, 2}} {
		f := teamstest.Start(t)
		f.AddChannel(noc, "NOC")
		room := client(t, f, tc.teamID).ThreadRoom("noc", noc)
		first, _, err := room.CreateRoom(ctx, "inc-7", inc)
		if err != nil {
			t.Fatal(err)
		}
		again, _, err := room.CreateRoom(ctx, "inc-7", inc)
		if err != nil {
			t.Fatal(err)
		}
		key := chat.PostKey{ID: "effect-1"}
		for range 2 {
			if err := room.Post(ctx, first, key, "Nora (noc) is paged"); err != nil {
				t.Fatal(err)
			}
			key.Retry = true
		}
		threads := f.Threads(noc)
		if len(threads) != tc.threads || len(f.Replies(threads[0].ID)) != tc.reps {
			t.Fatalf("team_id %q: %d threads, %d replies; want %d and %d", tc.teamID, len(threads), len(f.Replies(threads[0].ID)), tc.threads, tc.reps)
		}
		if tc.teamID != "" && again != first {
			t.Fatalf("the retried creation gave room %q, the first %q", again, first)
		}
	}
}
