package bot_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
)

// Teams answers the first thread creation with 429 and Retry-After: 2:
// the thread is created once, no sooner than 2 s later (real clock; the
// wait is the outbox's durable retry, not a sleep in a worker).
func TestTeamsRetryAfterOnFirstPost(t *testing.T) {
	e := teamsAndSlack(func(f *teamstest.Server) {
		f.Fail(teamstest.RouteCreateThread, 1, teamstest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "2"})
	}).Start(t)
	e.Alert(t, diskAlert)
	e.TeamsThread(t, nocTeamsChannel)

	var refused, created []time.Time
	for _, c := range e.MSTeams.Calls() {
		if c.Route != teamstest.RouteCreateThread {
			continue
		}
		if c.Status == http.StatusTooManyRequests {
			refused = append(refused, c.At)
		} else if c.Status == http.StatusCreated {
			created = append(created, c.At)
		}
	}
	if len(refused) != 1 || len(created) != 1 {
		t.Fatalf("thread creations: %d refused, %d created; want 1 and 1", len(refused), len(created))
	}
	if gap := created[0].Sub(refused[0]); gap < 2*time.Second {
		t.Fatalf("created %v after the 429, want at least Retry-After's 2 s", gap)
	} else {
		t.Logf("created %v after the 429", gap.Round(time.Millisecond))
	}
	bottest.Eventually(t, 5*time.Second, func() bool { return len(e.MSTeams.Threads(nocTeamsChannel)) == 1 }, "threads")
}
