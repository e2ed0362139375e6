package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// `config check --online` shows what each member's e-mail address resolves
// to on Slack and PagerDuty, asked now, and that an unknown one has nobody.
func TestConfigCheckOnlineShowsPeople(t *testing.T) {
	sk := slacktest.New(t)
	sk.AddUser("U01ALICE", "alice@example.com")
	pd := pagerdutytest.New(t)
	pd.Token = "pd-token"
	pd.AddUser(pagerdutytest.User{ID: "PALICE", Name: "Alice", Email: "alice@example.com"})
	t.Setenv("TEST_SLACK_TOKEN", slacktest.BotToken)
	t.Setenv("TEST_SLACK_SECRET", "s")
	t.Setenv("TEST_PD_TOKEN", "pd-token")
	yaml := fmt.Sprintf(`calendars:
  office:
    business_hours:
      - {days: [mon, tue, wed, thu, fri], start: "08:00", end: "18:00"}
teams:
  ops:
    side: internal
    members:
      - {name: Alice, email: alice@example.com}
      - {name: Bob, email: bob@example.com}
      - {name: Carol, slack: U03CAROL, email: carol@example.com}
services:
  - {name: db, owner: ops, ladder: std}
ladders:
  std:
    calendar: office
    steps:
      - {notify: [ops]}
slack: {bot_token_env: TEST_SLACK_TOKEN, signing_secret_env: TEST_SLACK_SECRET, api_url: %q}
pagerduty: {api_url: %q, api_token_env: TEST_PD_TOKEN}
`, sk.URL+"/api/", pd.URL)
	path := filepath.Join(t.TempDir(), "tandem.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut strings.Builder
	if code := run(context.Background(), []string{"config", "check", "--online", path}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{
		"Alice <alice@example.com>: pagerduty PALICE; slack U01ALICE;",
		"Bob <bob@example.com>: pagerduty: nobody has this address; slack: nobody has this address;",
		"Carol <carol@example.com>: pagerduty: nobody has this address;",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("want %q in\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "Carol <carol@example.com>: pagerduty: nobody has this address; slack") {
		t.Errorf("Carol, who has a Slack ID, was looked up on Slack:\n%s", out.String())
	}

	sk.FailNextWith("users.lookupByEmail", 10, "invalid_auth")
	out.Reset()
	if code := run(context.Background(), []string{"config", "check", "--online", path}, nil, &out, &errOut); code != 1 ||
		!strings.Contains(out.String(), "slack: lookup failed:") {
		t.Fatalf("a refused lookup: exit %d\n%s", code, out.String())
	}
}
