package slack_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

func TestCloseRoom(t *testing.T) {
	ctx := context.Background()
	c, fake := client(t, slacktest.BotToken)
	ch, _, err := c.CreateRoom(ctx, "inc-7-disk", testIncident())
	if err != nil {
		t.Fatal(err)
	}
	if how, err := c.CloseRoom(ctx, ch); err != nil || how != "archived" {
		t.Fatalf("close: %q %v", how, err)
	}
	if got, _ := fake.Channel(ch); !got.Archived {
		t.Fatal("the channel is not archived")
	}
	// Archived again (a retry, or a person was first), or deleted: done.
	if how, err := c.CloseRoom(ctx, ch); err != nil || how != "already closed" {
		t.Fatalf("close again: %q %v", how, err)
	}
	if how, err := c.CloseRoom(ctx, "C404"); err != nil || how != "already closed" {
		t.Fatalf("close a deleted channel: %q %v", how, err)
	}
	if n := len(fake.OKCalls("conversations.archive")); n != 1 {
		t.Fatalf("%d archives succeeded, want 1", n)
	}
	// A refusal Slack will repeat is permanent; its error names it.
	fake.AddForeignChannel("C9", "someone-elses")
	if _, err := c.CloseRoom(ctx, "C9"); !chat.IsPermanent(err) || !strings.Contains(err.Error(), "slack conversations.archive: not_in_channel") {
		t.Fatalf("foreign channel: %v", err)
	}
	// A new room cannot take an archived room's name: it gets a suffix.
	_, name, err := c.CreateRoom(ctx, "inc-7-disk", testIncident())
	if err != nil || name != "inc-7-disk-2" {
		t.Fatalf("after archive: %q %v", name, err)
	}
}
