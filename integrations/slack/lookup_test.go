package slack_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// users.lookupByEmail: found (whatever the address's case), not found
// (users_not_found is no error), rate-limited (Retry-After carried), and a
// refusal named.
func TestLookupEmail(t *testing.T) {
	ctx := context.Background()
	c, fake := client(t, slacktest.BotToken)
	fake.AddUser("U01ALICE", "alice@example.com")
	if id, err := c.LookupEmail(ctx, "Alice@Example.com"); err != nil || id != "U01ALICE" {
		t.Errorf("found: %q %v", id, err)
	}
	if id, err := c.LookupEmail(ctx, "bob@example.com"); err != nil || id != "" {
		t.Errorf("not found: %q %v", id, err)
	}
	fake.FailNext("users.lookupByEmail", 1, http.StatusTooManyRequests, 7*time.Second)
	if _, err := c.LookupEmail(ctx, "alice@example.com"); chat.RetryDelay(err) != 7*time.Second {
		t.Errorf("rate limited: %v (retry after %s)", err, chat.RetryDelay(err))
	}
	fake.FailNextWith("users.lookupByEmail", 1, "missing_scope")
	if _, err := c.LookupEmail(ctx, "alice@example.com"); err == nil || !strings.Contains(err.Error(), "missing_scope") {
		t.Errorf("refused: %v", err)
	}
}
