package teams

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
)

// tokenCalls counts the fake's token endpoint calls.
func tokenCalls(f *teamstest.Server) int {
	n := 0
	for _, c := range f.Calls() {
		if c.Route == teamstest.RouteToken {
			n++
		}
	}
	return n
}

// A thread, its card's update and replies take one client-credentials
// token; with Graph too (msteams.team_id: posts looked up, channels
// created) one per scope: the token is cached, not fetched per call.
func TestTokenCachedPerScope(t *testing.T) {
	f := teamstest.Start(t)
	f.AddChannel("19:noc@thread.tacv2", "NOC")
	ctx := context.Background()
	inc := incident.Incident{ID: "INC-9", Title: "Disk full", Severity: incident.Sev2}
	use := func(teamID string) int {
		before := tokenCalls(f)
		c, err := New(Options{AppID: teamstest.AppID, Password: teamstest.AppPassword, ServiceURL: f.ServiceURL(),
			LoginURL: f.LoginURL(), GraphURL: f.GraphURL(), TeamID: teamID, ChannelPerIncident: teamID != ""})
		if err != nil {
			t.Fatal(err)
		}
		root, err := c.PostCard(ctx, "19:noc@thread.tacv2", chat.PostKey{}, inc)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.UpdateCard(ctx, "19:noc@thread.tacv2", root, inc); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"a", "b"} {
			if err := c.Post(ctx, "19:noc@thread.tacv2/"+root, chat.PostKey{ID: k, Retry: true}, "entry "+k); err != nil {
				t.Fatal(err)
			}
		}
		if teamID != "" {
			for _, name := range []string{"inc-9-disk-full", "inc-10-cpu"} {
				if _, _, err := c.CreateRoom(ctx, name, inc); err != nil {
					t.Fatal(err)
				}
			}
		}
		return tokenCalls(f) - before
	}
	if n := use(""); n != 1 {
		t.Fatalf("%d token requests for the connector calls, want 1", n)
	}
	if n := use(teamstest.TeamID); n != 2 {
		t.Fatalf("%d token requests for connector and Graph calls, want 2 (one per scope)", n)
	}
}

// A cached token is used until renewBefore its expiry, then fetched again;
// a refused token request (wrong secret) is permanent, a 429 retried.
func TestTokenRenewedBeforeExpiry(t *testing.T) {
	f := teamstest.Start(t)
	now := time.Now()
	tk := &tokens{loginURL: f.LoginURL(), appID: teamstest.AppID, password: teamstest.AppPassword,
		http: http.DefaultClient, now: func() time.Time { return now }}
	ctx := context.Background()
	first, err := tk.get(ctx, BotScope)
	if err != nil {
		t.Fatal(err)
	}
	// The fake's tokens last 3599 s: 54 minutes on, still cached.
	now = now.Add(54 * time.Minute)
	if again, _ := tk.get(ctx, BotScope); again != first || tokenCalls(f) != 1 {
		t.Fatalf("token fetched again %v before its expiry (%d calls)", 54*time.Minute, tokenCalls(f))
	}
	// 55 minutes on, within 5 minutes of the expiry: renewed.
	now = now.Add(time.Minute)
	if again, _ := tk.get(ctx, BotScope); again == first || tokenCalls(f) != 2 {
		t.Fatalf("token not renewed within %v of its expiry (%d calls)", renewBefore, tokenCalls(f))
	}

	f.Fail(teamstest.RouteToken, 1, teamstest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "3"})
	now = now.Add(time.Hour)
	_, err = tk.get(ctx, BotScope)
	if d := chat.RetryDelay(err); err == nil || chat.IsPermanent(err) || d != 3*time.Second {
		t.Fatalf("429 from the token endpoint: %v (retry after %v), want a retry after 3 s", err, d)
	}
	bad := &tokens{loginURL: f.LoginURL(), appID: teamstest.AppID, password: "wrong", http: http.DefaultClient, now: time.Now}
	if _, err := bad.get(ctx, BotScope); err == nil || !chat.IsPermanent(err) {
		t.Fatalf("wrong secret: %v, want a permanent error", err)
	}
}
