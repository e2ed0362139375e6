package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// A timeline of 60+ long entries answers /incident timeline in pages that
// keep to Block Kit's limits, and loses no entry.
func TestSlackLongTimelinePages(t *testing.T) {
	e := startSlack(t, slackSetup{})
	id := e.Alert(t, diskAlert)
	const notes = 60
	for i := range notes {
		text := fmt.Sprintf("note %02d %s", i, strings.Repeat("checked the disks again ", 8))
		resp := e.Bot.Service().Handle(context.Background(), chat.Request{Platform: "slack", User: "U01ALICE", Text: "note " + id + " " + text})
		if !strings.Contains(resp.Text, "note added") {
			t.Fatalf("note %d: %q", i, resp.Text)
		}
	}
	r := e.SlackSend.Command("U01ALICE", "C01OPS", "timeline "+id)
	if r.Status != 200 {
		t.Fatalf("HTTP %d %s", r.Status, r.Body)
	}
	waitAnswer(t, r)
	answers := r.Answers()
	var all strings.Builder
	sections := 0
	for i, a := range answers {
		if err := slacktest.ValidateBlocks(string(a.Blocks)); err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
		var blocks []struct {
			Type string `json:"type"`
			Text struct {
				Text string `json:"text"`
			} `json:"text"`
		}
		json.Unmarshal(a.Blocks, &blocks)
		if len(blocks) > 50 || !a.Ephemeral() {
			t.Fatalf("answer %d: %d blocks, ephemeral %v", i, len(blocks), a.Ephemeral())
		}
		for _, b := range blocks {
			if n := utf8.RuneCountInString(b.Text.Text); b.Type != "section" || n > 3000 {
				t.Fatalf("answer %d: a %s of %d characters", i, b.Type, n)
			}
			sections++
		}
		all.WriteString(a.Content() + "\n")
	}
	t.Logf("%d timeline entries, %d characters: %d answer(s), %d sections", notes+4, all.Len(), len(answers), sections)
	if sections < 2 {
		t.Fatalf("expected the timeline to take several sections, got %d", sections)
	}
	for i := range notes {
		if n := strings.Count(all.String(), fmt.Sprintf("note %02d checked", i)); n != 1 {
			t.Errorf("note %02d shown %d times", i, n)
		}
	}
}

// Slack retries (same trigger, X-Slack-Retry-Num) and repeated events run
// once; url_verification answers the challenge.
func TestSlackRetriesRunOnce(t *testing.T) {
	e := startSlack(t, slackSetup{})
	id := e.Alert(t, diskAlert)

	first := e.SlackSend.Command("U01ALICE", "C01OPS", "note "+id+" only once")
	waitAnswer(t, first)
	// Replay the very same delivery, as Slack's retry would.
	body := []byte(firstBody(t, e, "note "+id+" twice?"))
	a := e.SlackSend.Send("/slack/commands", body, "r1", nil)
	b := e.SlackSend.Send("/slack/commands", body, "r2", map[string]string{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
	if a.Status != 200 || b.Status != 200 || b.Body != "" || b.Header.Get("X-Slack-No-Retry") != "1" {
		t.Fatalf("retry answered %d %q %v", b.Status, b.Body, b.Header)
	}
	notes := 0
	for _, ev := range e.Timeline(t, id) {
		if ev.Kind == incident.KindNote {
			notes++
		}
	}
	if notes != 2 {
		t.Fatalf("%d notes, want 2 (the retry must not run)", notes)
	}

	// Clicks: the same trigger twice acts once.
	click := e.SlackSend.Click("U01ALICE", "C01OPS", "tandem_ack", id)
	waitAnswer(t, click)

	// Events API.
	ch := e.SlackSend.Event(`{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","token":"x"}`, nil)
	if ch.Status != 200 || ch.Body != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("url_verification answered %d %q", ch.Status, ch.Body)
	}
	// "@Tandem note …" runs once, however often Slack delivers the event,
	// and is answered in its thread.
	ev := `{"type":"event_callback","event_id":"Ev0001","event":{"type":"app_mention","user":"U01ALICE","channel":"C01OPS",
		"ts":"1700000000.000200","text":"<@UTANDEMBOT> note ` + id + ` from a mention"}}`
	e.Slack.AddUserMessage("C01OPS", "U01ALICE", "1700000000.000200", "", "<@UTANDEMBOT> note "+id+" from a mention")
	if r := e.SlackSend.Event(ev, nil); r.Status != 200 {
		t.Fatalf("event: %d %s", r.Status, r.Body)
	}
	if r := e.SlackSend.Event(ev, map[string]string{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}); r.Status != 200 || r.Header.Get("X-Slack-No-Retry") != "1" {
		t.Fatalf("event retry: %d %s", r.Status, r.Body)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, m := range e.Slack.Messages("C01OPS") {
			if m.ThreadTS == "1700000000.000200" && strings.Contains(m.Text, "note added to "+id) {
				return true
			}
		}
		return false
	}, "no answer in the mention's thread: %s", dumpMessages(e.Slack.Messages("C01OPS")))
	notes = 0
	for _, ev := range e.Timeline(t, id) {
		if ev.Kind == incident.KindNote && ev.Details["text"] == "from a mention" {
			notes++
		}
	}
	if notes != 1 {
		t.Fatalf("the mention made %d notes", notes)
	}
}

// firstBody builds a slash command body with a fixed trigger, for replays.
func firstBody(t *testing.T, e *bottest.World, text string) string {
	t.Helper()
	return "command=%2Fincident&user_id=U01ALICE&user_name=alice&channel_id=C01OPS&trigger_id=fixed.1&text=" +
		strings.ReplaceAll(strings.ReplaceAll(text, " ", "+"), "?", "%3F") + "&response_url=" + e.Slack.URL + "/respond/replay"
}

// Refused requests: a bad signature, no signature, an old timestamp (401
// with a body), and a body over 1 MiB (413).
func TestSlackEndpointsRefuse(t *testing.T) {
	e := startSlack(t, slackSetup{})
	body := []byte("command=%2Fincident&user_id=U01ALICE&channel_id=C01OPS&text=list")
	for _, path := range []string{"/slack/commands", "/slack/interactions", "/slack/events"} {
		for name, h := range map[string]map[string]string{
			"changed":   {"X-Slack-Signature": slacktest.Signature(slackSecret, fmt.Sprint(e.Clock.Now().Unix()), []byte("other"))},
			"missing":   {"X-Slack-Signature": ""},
			"6 minutes": {"X-Slack-Request-Timestamp": fmt.Sprint(e.Clock.Now().Add(-6 * time.Minute).Unix())},
		} {
			r := e.SlackSend.Send(path, body, "x", h)
			if r.Status != 401 || r.Body == "" {
				t.Errorf("%s %s: %d %q", path, name, r.Status, r.Body)
			}
		}
		big := []byte(strings.Repeat("a", 1<<20+1))
		if r := e.SlackSend.Send(path, big, "x", nil); r.Status != 413 {
			t.Errorf("%s 1 MiB+1: %d", path, r.Status)
		}
	}
}

// A team channel that was archived: the post fails for good, the timeline
// says so, and the incident goes on.
func TestSlackPermanentFailureOnTimeline(t *testing.T) {
	e := startSlack(t, slackSetup{before: func(f *slacktest.Server) { f.Archive("C01OPS") }})
	id := e.Alert(t, diskAlert)
	bottest.Eventually(t, 10*time.Second, func() bool {
		f := findKind(e.Timeline(t, id), incident.KindDeliveryFailed)
		return f != nil && strings.Contains(f.Details["error"], "is_archived") && f.Details["effect"] == "channel.post"
	}, "no delivery.failed entry: %s", eventKinds(e.Timeline(t, id)))
	if r := e.SlackSend.Command("U01ALICE", "C01OPS", "ack "+id); !strings.Contains(waitAnswer(t, r).Content(), "acknowledged") {
		t.Fatalf("ack after the failure: %q", r.Content())
	}
}

// Socket Mode: the same commands and buttons over the fake's WebSocket.
func TestSlackSocketMode(t *testing.T) {
	e := startSlack(t, slackSetup{appToken: true})
	bottest.Eventually(t, 10*time.Second, e.Slack.SocketConnected, "no Socket Mode connection")
	id := e.Alert(t, diskAlert)
	r, err := e.Slack.SocketCommand("U01ALICE", "C01OPS", "status "+id)
	if err != nil {
		t.Fatal(err)
	}
	if a := waitAnswer(t, r); !a.Ephemeral() || !strings.Contains(a.Content(), "INC-1 · SEV2 · Disk full on db-01") {
		t.Fatalf("socket status answer %+v", a)
	}
	c, err := e.Slack.SocketClick("U01ALICE", "C01OPS", "tandem_ack", id)
	if err != nil {
		t.Fatal(err)
	}
	bottest.Eventually(t, 10*time.Second, func() bool { return strings.Contains(c.Content(), "acknowledged by Alice") },
		"socket click answer %q", c.Content())
	if findKind(e.Timeline(t, id), incident.KindAcked) == nil {
		t.Fatal("not acknowledged")
	}
}
