package bot_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/integrations/slack"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

var _ bot.FileUploader = (*slack.Client)(nil)

// Resolving an incident posts its post-incident review in its Slack room
// as a Markdown file, through the external upload against the fake
// (the upload URL on its loopback port), once.
func TestSlackReviewFile(t *testing.T) {
	e := startSlack(t, slackSetup{})
	id := e.Alert(t, diskAlert)
	room := e.SlackRoom(t, "inc-1-disk-full-on-db-01")
	e.SlackCard(t, room.ID)
	res := e.SlackSend.Command("U01BOB", room.ID, "resolve "+id+" swapped the disk")
	if a := waitAnswer(t, res); !strings.Contains(a.Content(), "resolved by Bob") {
		t.Fatalf("resolve answer %+v", a)
	}
	f := waitFile(t, e.Slack, room.ID)
	if f.Name != id+"-review.md" || !strings.HasPrefix(string(f.Data), "# Post-incident review: "+id+" Disk full on db-01\n") {
		t.Fatalf("file %s:\n%s", f.Name, f.Data)
	}
	if !strings.Contains(string(f.Data), "swapped the disk") || !strings.HasPrefix(f.Comment, "📄 Post-incident review of "+id) {
		t.Fatalf("file %s, comment %q:\n%s", f.Name, f.Comment, f.Data)
	}
	// Shared in the room as one message (not the "tandem export" notice a
	// chat without files gets), and the upload went to the fake.
	var shares int
	for _, m := range e.Slack.Messages(room.ID) {
		if len(m.Files) > 0 {
			shares++
		}
		if strings.Contains(m.Text, "tandem export") {
			t.Fatalf("notice instead of a file: %q", m.Text)
		}
	}
	if shares != 1 {
		t.Fatalf("%d messages share files", shares)
	}
	get := e.Slack.OKCalls("files.getUploadURLExternal")
	if len(get) != 1 || len(e.Slack.OKCalls(slacktest.Upload)) != 1 || len(e.Slack.OKCalls("files.completeUploadExternal")) != 1 {
		t.Fatalf("calls: %d getUploadURLExternal, %d uploads, %d completeUploadExternal", len(get),
			len(e.Slack.OKCalls(slacktest.Upload)), len(e.Slack.OKCalls("files.completeUploadExternal")))
	}
	if u, _ := url.Parse(e.Slack.URL); get[0].Params["filename"] != f.Name || u.Hostname() != "127.0.0.1" {
		t.Fatalf("getUploadURLExternal %v on %s", get[0].Params, e.Slack.URL)
	}
}

// Slack's 429 on files.completeUploadExternal: the outbox retries after
// Retry-After from the first step, and the review is shared once.
func TestSlackReviewFileRetryAfter(t *testing.T) {
	e := startSlack(t, slackSetup{realClock: true, before: func(f *slacktest.Server) {
		f.FailNext("files.completeUploadExternal", 1, 429, time.Second)
	}})
	id := e.Alert(t, diskAlert)
	room := e.SlackRoom(t, "inc-1-")
	e.SlackCard(t, room.ID)
	waitAnswer(t, e.SlackSend.Command("U01BOB", room.ID, "resolve "+id))
	f := waitFile(t, e.Slack, room.ID)
	calls := e.Slack.Calls("files.completeUploadExternal")
	if len(calls) != 2 || calls[0].Answer != "ratelimited" || calls[1].Answer != "" {
		t.Fatalf("files.completeUploadExternal calls %+v", calls)
	}
	if d := calls[1].At.Sub(calls[0].At); d < 900*time.Millisecond {
		t.Fatalf("retried %v after the 429, want about 1 s", d)
	}
	if n := len(e.Slack.Files(room.ID)); n != 1 || !strings.HasPrefix(string(f.Data), "# Post-incident review: "+id) {
		t.Fatalf("%d files in the room", n)
	}
	if n := len(e.Slack.OKCalls("files.getUploadURLExternal")); n != 2 {
		t.Fatalf("%d upload URLs: the retry starts over", n)
	}
}

// The weekly report's chart reaches the managers' Slack channel as a PNG.
func TestSlackWeeklyChartFile(t *testing.T) {
	sc := slackScenario()
	sc.YAML = "\nreports: {weekly: \"CRON_TZ=America/Chicago 0 9 * * MON\"}\n"
	w := sc.Start(t)
	fake, clock := w.Slack, w.Clock
	clock.Advance(time.Date(2026, 12, 7, 15, 0, 30, 0, time.UTC).Sub(clock.Now())) // Mon 7 Dec 09:00 CST
	f := waitFile(t, fake, "C01MGRS")
	if f.Name != "time-to-ack-2026-12-07.png" || !strings.HasPrefix(string(f.Data), "\x89PNG") || f.AltText == "" {
		t.Fatalf("chart %s (%d bytes, alt %q)", f.Name, len(f.Data), f.AltText)
	}
	if !strings.HasPrefix(f.Comment, "Time to acknowledge by side") {
		t.Fatalf("comment %q", f.Comment)
	}
}

// waitFile waits for the first file shared in channel.
func waitFile(t *testing.T, fake *slacktest.Server, channel string) slacktest.File {
	t.Helper()
	bottest.Eventually(t, 15*time.Second, func() bool { return len(fake.Files(channel)) > 0 }, "no file in %s", channel)
	return fake.Files(channel)[0]
}
