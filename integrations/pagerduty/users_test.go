package pagerduty_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/pagerduty"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
)

// GET /users?query= matches by substring: only the user whose address is
// exactly the one asked (in any case) counts; nobody is no error; a 429
// asks to wait.
func TestUserByEmail(t *testing.T) {
	ctx := context.Background()
	fake := pagerdutytest.New(t)
	fake.Token = "tok"
	fake.AddUser(pagerdutytest.User{ID: "PALICE2", Name: "Alice Two", Email: "alice@example.com.au"})
	fake.AddUser(pagerdutytest.User{ID: "PALICE", Name: "Alice", Email: "Alice@example.com"})
	c := pagerduty.NewClient(fake.URL, "tok", nil)
	if id, err := c.UserByEmail(ctx, "alice@example.com"); err != nil || id != "PALICE" {
		t.Errorf("found: %q %v", id, err)
	}
	if id, err := c.UserByEmail(ctx, "bob@example.com"); err != nil || id != "" {
		t.Errorf("not found: %q %v", id, err)
	}
	fake.SetAPIDown(http.StatusTooManyRequests)
	if _, err := c.UserByEmail(ctx, "alice@example.com"); chat.RetryDelay(err) <= 0 {
		t.Errorf("rate limited: %v", err)
	}
}
