package bot_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/archive"
	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// The daily anchor fires once per day with two replicas sharing one Redis
// and one anchor file: the managers' channel gets the digest, the file one
// line, whose heads are the incidents' heads, keyed with the audit key.
func TestAuditAnchorDailyOnceAcrossReplicas(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef"
	env := map[string]string{"TANDEM_TEST_AUDIT_KEY": key}
	for k, v := range testEnv {
		env[k] = v
	}
	file := filepath.Join(t.TempDir(), "anchors.jsonl")
	yaml := testYAML(t, redistest.URL(t), "") + "\naudit: {key_env: TANDEM_TEST_AUDIT_KEY, anchor_file: " + file + "}\n"
	clock := bottest.NewClock(time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC))
	var bots []*bottest.Bot
	for range 2 {
		bots = append(bots, bottest.Start(t, bottest.Config(t, yaml, env), bot.Options{Now: clock.Now, FilesDir: t.TempDir()}))
	}
	ctx := context.Background()
	zone, _ := time.LoadLocation("America/Chicago") // testYAML's time zone
	svc := bots[0].Service()
	if r := svc.Handle(ctx, chat.Request{Platform: "console", User: "alice", Text: "declare Backups failing --sev 2 --service database"}); !strings.Contains(r.Text, "INC-1") {
		t.Fatalf("declare: %+v", r)
	}
	out := func() string { return bots[0].Out.String() + bots[1].Out.String() }
	digest := regexp.MustCompile(`\[#managers\] Audit anchor of (\S+): (\d+) timeline\(s\), digest ([0-9a-f]{64})`)
	for day := 1; day <= 2; day++ {
		// The default schedule: 00:10 in the config's time zone.
		want := time.Date(2026, 12, 3+day, 0, 10, 0, 0, zone)
		var next time.Time
		bottest.Eventually(t, 10*time.Second, func() bool {
			next, _, _ = bots[0].Store().TimerDue(ctx, "audit/anchor")
			return !next.IsZero() && !next.Before(want)
		}, "anchor timer set")
		if !next.Equal(want) {
			t.Fatalf("day %d: anchor due %v, want %v", day, next, want)
		}
		clock.Advance(next.Sub(clock.Now()) + 30*time.Second)
		bottest.Eventually(t, 10*time.Second, func() bool { return len(digest.FindAllString(out(), -1)) == day }, "anchor %d posted:\n%s\n%s", day, out(), bots[0].Logs.String()+bots[1].Logs.String())
	}
	posts := digest.FindAllStringSubmatch(out(), -1)
	x, err := archive.ReadAnchors(file)
	if err != nil || x.Lines != 2 {
		t.Fatalf("anchor file: %d lines, %v", x.Lines, err)
	}
	for _, p := range posts {
		if _, ok := x.Digests[p[3]]; !ok || p[2] != "1" {
			t.Fatalf("posted digest %s (%s timelines) is not in the file", p[3], p[2])
		}
	}
	// The ladder goes on after the anchor: the anchored head is one of the
	// timeline's entries, which Verify checks with the anchor.
	inc, tl := steadyTimeline(t, bots[1], "INC-1")
	if x.Latest["INC-1"].Head == "" || !x.Latest["INC-1"].At.Equal(time.Date(2026, 12, 5, 0, 10, 0, 0, zone)) {
		t.Fatalf("anchored %+v, incident head %s", x.Latest["INC-1"], inc.Head)
	}
	ring, _ := incident.NewKeyring([]string{key})
	if len(tl) == 0 || tl[0].Key != ring.Signer().ID() {
		t.Fatalf("timeline not keyed with %s: %+v", ring.Signer().ID(), tl)
	}
	if m := incident.Verify("INC-1", tl, inc.Head, incident.VerifyOptions{Keys: ring, Anchor: x.Latest["INC-1"].Head}); m != nil {
		t.Fatal(m)
	}
	if strings.Contains(out()+bots[0].Logs.String()+bots[1].Logs.String(), key) {
		t.Fatal("the audit key was printed")
	}
}

// steadyTimeline reads an incident and its timeline as of one head: the
// ladder may commit between two reads, so the timeline counts only when
// the head read before and after it is the same.
func steadyTimeline(t *testing.T, b *bottest.Bot, id string) (incident.Incident, []incident.Event) {
	t.Helper()
	ctx := context.Background()
	for range 50 {
		before, err := b.Store().Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		tl, err := b.Store().Timeline(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if after, err := b.Store().Get(ctx, id); err == nil && after.Head == before.Head {
			return after, tl
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s kept changing while its timeline was read", id)
	return incident.Incident{}, nil
}
