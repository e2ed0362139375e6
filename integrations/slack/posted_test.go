package slack_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// A post that may repeat an earlier attempt (the process died between
// Slack's answer and the write that records it) looks for its key in the
// channel first and posts nothing when it is there.
func TestRetriedPostIsFoundNotRepeated(t *testing.T) {
	ctx := context.Background()
	c, fake := client(t, slacktest.BotToken)
	fake.AddChannel("C1", "acme-it")
	page := chat.PostKey{ID: "dep1/INC-7/post/page-1/slack"}
	if err := c.Post(ctx, "C1", page, "🚨 INC-7 paged"); err != nil {
		t.Fatal(err)
	}
	m := fake.Messages("C1")[0]
	if !strings.Contains(m.Metadata, `"event_type":"tandem_post"`) || !strings.Contains(m.Metadata, page.ID) {
		t.Fatalf("the post does not carry its key: metadata %q", m.Metadata)
	}
	// A first attempt does not look: no history call on the normal path.
	if n := len(fake.Calls("conversations.history")); n != 0 {
		t.Fatalf("%d history calls for a first attempt", n)
	}
	page.Retry = true
	if err := c.Post(ctx, "C1", page, "🚨 INC-7 paged"); err != nil {
		t.Fatal(err)
	}
	other := chat.PostKey{ID: "dep1/INC-7/post/page-2/slack", Retry: true}
	if err := c.Post(ctx, "C1", other, "🚨 INC-7 paged noc"); err != nil {
		t.Fatal(err)
	}
	if got := len(fake.Messages("C1")); got != 2 {
		t.Fatalf("%d messages, want 2: the retry of the first post must find it, the second is new", got)
	}
	if n := len(fake.OKCalls("conversations.history")); n != 2 {
		t.Fatalf("%d history calls, want one per retry", n)
	}

	card := chat.PostKey{ID: "dep1/INC-7/card/slack"}
	ts, err := c.PostCard(ctx, "C1", card, testIncident())
	if err != nil {
		t.Fatal(err)
	}
	card.Retry = true
	again, err := c.PostCard(ctx, "C1", card, testIncident())
	if err != nil || again != ts {
		t.Fatalf("retried card: %q %v, want the first card %q", again, err, ts)
	}
	if got := len(fake.Messages("C1")); got != 3 {
		t.Fatalf("%d messages, want 3 (one card)", got)
	}
}

// Without the history scopes the retry cannot look: it posts (a message
// twice is better than one lost) and says why in the log.
func TestRetriedPostWithoutHistoryScopePosts(t *testing.T) {
	ctx := context.Background()
	c, fake := client(t, slacktest.BotToken)
	fake.AddChannel("C1", "acme-it")
	key := chat.PostKey{ID: "dep1/x", Retry: true}
	fake.FailNextWith("conversations.history", 1, "missing_scope")
	if err := c.Post(ctx, "C1", key, "hello"); err != nil {
		t.Fatal(err)
	}
	if got := len(fake.Messages("C1")); got != 1 {
		t.Fatalf("%d messages, want the post made", got)
	}
	// A transient failure of the lookup is the post's failure: retried later.
	fake.FailNext("conversations.history", 1, 503, 0)
	if err := c.Post(ctx, "C1", chat.PostKey{ID: "dep1/y", Retry: true}, "again"); err == nil || chat.IsPermanent(err) {
		t.Fatalf("lookup answered 503: %v, want a retryable error", err)
	}
	if got := len(fake.Messages("C1")); got != 1 {
		t.Fatalf("%d messages: nothing must be posted when the lookup failed", got)
	}
}
