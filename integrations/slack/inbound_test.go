package slack_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/slack"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

const secret = "test-signing-secret"

// onceStore is ClaimOnce in memory.
type onceStore struct {
	mu   sync.Mutex
	seen map[string]bool
	err  error
}

func (s *onceStore) claim(_ context.Context, key string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return false, s.err
	}
	if s.seen[key] {
		return false, nil
	}
	s.seen[key] = true
	return true, nil
}

// inbound serves the three endpoints with handle behind them.
func inbound(t *testing.T, handle func(context.Context, chat.Request) chat.Response, opt slack.InboundOptions) (*slacktest.Sender, *onceStore) {
	t.Helper()
	fake := slacktest.New(t)
	store := &onceStore{seen: map[string]bool{}}
	opt.SigningSecret, opt.Handle, opt.Claim = secret, handle, store.claim
	in := slack.NewInbound(opt)
	mux := httptestMux(in)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { srv.Close(); in.Wait() })
	return &slacktest.Sender{Server: fake, BotURL: srv.URL, Secret: secret}, store
}

func eventually(t *testing.T, cond func() bool, msg string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("timed out: " + msg)
}

// A command slower than Slack waits is answered empty at once; its answer
// follows through response_url, from work that outlives the request.
func TestSlowCommandAnswersLater(t *testing.T) {
	release := make(chan struct{})
	send, _ := inbound(t, func(ctx context.Context, req chat.Request) chat.Response {
		<-release
		if ctx.Err() != nil {
			return chat.Private("context ended: " + ctx.Err().Error())
		}
		return chat.Reply("done: " + req.Text)
	}, slack.InboundOptions{AckWithin: 50 * time.Millisecond})
	r := send.Command("U1", "C1", "list")
	if r.Status != 200 || r.Body != "" {
		t.Fatalf("slow command answered %d %q, want an empty 200", r.Status, r.Body)
	}
	close(release)
	eventually(t, func() bool { return len(r.Answers()) == 1 }, "no answer through response_url")
	if a := r.Answers()[0]; a.Ephemeral() || a.Content() != "done: list" || a.ReplaceOriginal {
		t.Fatalf("late answer %+v", a)
	}
}

// A fast command is answered in the HTTP response, ephemeral or in
// channel as the handler says; Slack's entities in the text are undone.
func TestFastCommandAnswersAtOnce(t *testing.T) {
	var got chat.Request
	send, _ := inbound(t, func(_ context.Context, req chat.Request) chat.Response {
		got = req
		return chat.Private("<b> & co")
	}, slack.InboundOptions{})
	r := send.Command("U1", "C1", "note INC-1 a &gt; b &amp;&amp; c &lt;d&gt;")
	a := r.Answers()
	if r.Status != 200 || len(a) != 1 || !a[0].Ephemeral() || a[0].Content() != "<b> & co" || !strings.Contains(r.Body, "&lt;b&gt; &amp; co") {
		t.Fatalf("answer %d %s", r.Status, r.Body)
	}
	want := chat.Request{Platform: "slack", User: "U1", Name: "u1", Channel: "C1", Text: "note INC-1 a > b && c <d>"}
	if got != want {
		t.Fatalf("request %+v, want %+v", got, want)
	}
}

// A click becomes a button request; it is acknowledged empty and answered
// through response_url, ephemeral; the same trigger twice runs once.
func TestClick(t *testing.T) {
	var mu sync.Mutex
	var reqs []chat.Request
	send, _ := inbound(t, func(_ context.Context, req chat.Request) chat.Response {
		mu.Lock()
		reqs = append(reqs, req)
		mu.Unlock()
		return chat.Reply("✅ acknowledged")
	}, slack.InboundOptions{})
	r := send.Click("U1", "C9", slack.ActionAck, "INC-4")
	if r.Status != 200 || r.Body != "" {
		t.Fatalf("click answered %d %q", r.Status, r.Body)
	}
	eventually(t, func() bool { return len(r.Answers()) == 1 }, "no answer to the click")
	if a := r.Answers()[0]; !a.Ephemeral() || a.Content() != "✅ acknowledged" {
		t.Fatalf("click answer %+v", a)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reqs) != 1 || reqs[0] != (chat.Request{Platform: "slack", User: "U1", Name: "u1", Channel: "C9", Thread: "1.000100", Action: "ack", Value: "INC-4"}) {
		t.Fatalf("requests %+v", reqs)
	}
}

// Another app's buttons, and interactions that are not block actions, are
// acknowledged and ignored.
func TestForeignInteractionsIgnored(t *testing.T) {
	send, _ := inbound(t, func(context.Context, chat.Request) chat.Response {
		t.Error("handler ran")
		return chat.Response{}
	}, slack.InboundOptions{})
	if r := send.Click("U1", "C9", "someone_elses_button", "x"); r.Status != 200 || r.Body != "" {
		t.Fatalf("foreign click %d %q", r.Status, r.Body)
	}
	body := "payload=" + `{"type":"view_closed","user":{"id":"U1"}}`
	if r := send.Send("/slack/interactions", []byte(body), "v", nil); r.Status != 200 {
		t.Fatalf("view_closed %d %q", r.Status, r.Body)
	}
	if r := send.Send("/slack/interactions", []byte("payload="), "v", nil); r.Status != 400 || !strings.Contains(r.Body, "payload") {
		t.Fatalf("empty payload %d %q", r.Status, r.Body)
	}
}

// When the store cannot say whether a delivery is new, nothing runs and
// the person is told to try again.
func TestStoreDownRunsNothing(t *testing.T) {
	send, store := inbound(t, func(context.Context, chat.Request) chat.Response {
		t.Error("handler ran")
		return chat.Response{}
	}, slack.InboundOptions{})
	store.err = errors.New("redis down")
	r := send.Command("U1", "C1", "ack INC-1")
	if a := r.Answers(); len(a) != 1 || !a[0].Ephemeral() || !strings.Contains(a[0].Content(), "Try again") {
		t.Fatalf("answer %s", r.Body)
	}
	if r := send.Event(`{"type":"event_callback","event_id":"Ev1"}`, nil); r.Status != 503 {
		t.Fatalf("event with the store down: %d", r.Status)
	}
}

// Long answers are split into several messages, each within Block Kit's
// limits; the first is the HTTP answer, the rest go through response_url.
func TestLongAnswerPages(t *testing.T) {
	var b strings.Builder
	for i := range 2000 {
		b.WriteString(strings.Repeat("x", 70) + " line " + string(rune('a'+i%26)) + "\n")
	}
	long := b.String() // about 156,000 characters: more than one message of 50 sections
	send, _ := inbound(t, func(context.Context, chat.Request) chat.Response { return chat.Private(long) }, slack.InboundOptions{})
	r := send.Command("U1", "C1", "timeline INC-1")
	eventually(t, func() bool { return len(r.Answers()) >= 2 }, "no second page")
	for i, a := range r.Answers() {
		if err := slacktest.ValidateBlocks(string(a.Blocks)); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
}

// The answer to a mention waits its turn while the thread is busy (the
// limiter's WaitFor, or Slack's 429): it is posted once, not dropped.
func TestMentionAnswerWaitsForBusyThread(t *testing.T) {
	var mu sync.Mutex
	var tries int
	var posted []string
	reply := func(_ context.Context, channel, thread, _ string, resp chat.Response) error {
		mu.Lock()
		defer mu.Unlock()
		tries++
		if tries <= 2 {
			return chat.WaitFor(20*time.Millisecond, errors.New("slack: channel "+channel+" is busy"))
		}
		posted = append(posted, thread+" "+resp.Text)
		return nil
	}
	send, _ := inbound(t, func(context.Context, chat.Request) chat.Response {
		return chat.Reply("INC-1 resolved by Nora")
	}, slack.InboundOptions{Reply: reply})
	if r := send.Mention("U0NORA", "C0SHARED", "1.000100", "resolve done"); r.Status != 200 {
		t.Fatalf("mention answered %d", r.Status)
	}
	eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(posted) == 1 }, "the answer was dropped while the thread was busy")
	mu.Lock()
	defer mu.Unlock()
	if tries != 3 || posted[0] != "1.000100 INC-1 resolved by Nora" {
		t.Fatalf("tries %d, posted %q", tries, posted)
	}
}
