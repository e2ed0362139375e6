package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// Platform limits the timeline is paged within (chat.Pages is what the
// Slack and Discord adapters page with).
const (
	slackSection   = 3000 // characters per section block
	slackBlocks    = 50   // blocks per message
	slackMessages  = 5    // messages per response_url
	discordMessage = 2000 // characters per message
)

// longTimeline stores incident INC-1 with n timeline entries committed in
// batches of 10 (so the chain spans commits), starting before the end of
// DST in Chicago (Sun 1 Nov 2026, 02:00 CDT → 01:00 CST).
func longTimeline(t *testing.T, st *redisstore.Store, n int) incident.Incident {
	t.Helper()
	ctx := context.Background()
	start := local("2026-10-31 22:00")
	inc, evs, err := incident.Open("INC-1", incident.Spec{Title: "Disk full on db-01 | <!channel> *bold*", Severity: incident.Sev2, Service: "database"}, incident.Monitoring, start)
	if err != nil {
		t.Fatal(err)
	}
	kinds := []func(at time.Time) incident.Event{
		func(at time.Time) incident.Event {
			return incident.NewEvent(at, incident.KindNote, *alice, "text", "checked the array\nstill degraded | see `iostat`")
		},
		func(at time.Time) incident.Event {
			return incident.NewEvent(at, incident.KindPaged, incident.Tandem, "team", "noc", "side", "msp", "person", "Nora", "step", "2", "window", "after_hours")
		},
		func(at time.Time) incident.Event {
			return incident.NewEvent(at, incident.KindAlertFiring, incident.Monitoring, "fingerprint", "abc", "summary", "disk 97% on db-01")
		},
		func(at time.Time) incident.Event {
			return incident.NewEvent(at, incident.KindReminded, incident.Tandem, "reminder", "update", "text", "INC-1 has been acknowledged for 30m. Nora, please post an update")
		},
	}
	for i := len(evs); i < n; i++ {
		at := start.Add(time.Duration(i) * 2 * time.Minute)
		e := kinds[i%len(kinds)](at)
		if i == 150 {
			e = incident.NewEvent(at, incident.KindNote, *nora, "text", strings.Repeat("a very long note ", 300))
		}
		evs = append(evs, e)
	}
	for v := 0; v*10 < n; v++ {
		if v > 0 {
			if inc, err = st.Get(ctx, "INC-1"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.Commit(ctx, incident.Change{Before: int64(v), Incident: inc, Events: evs[v*10 : min(n, v*10+10)]}); err != nil {
			t.Fatal(err)
		}
	}
	inc, err = st.Get(ctx, "INC-1")
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

func TestTimelineOf300EntriesKeepsToPlatformLimits(t *testing.T) {
	st := redistest.Open(t)
	ctx := context.Background()
	inc := longTimeline(t, st, 300)
	events, _ := st.Timeline(ctx, inc.ID)
	if len(events) != 300 {
		t.Fatalf("stored %d entries, want 300", len(events))
	}
	svc := reportService(t, st, &clock{t: weekTo})
	resp := svc.Handle(ctx, chat.Request{Platform: "console", User: "alice", Text: "timeline INC-1"})
	if !resp.Ephemeral || !strings.Contains(resp.Text, "300 entries, times in America/Chicago") {
		t.Fatalf("answer:\n%.500s", resp.Text)
	}
	for _, zone := range []string{" CDT ", " CST ", "── Sat 31 Oct 2026 ──", "── Sun 01 Nov 2026 ──", "🔒 chain head " + inc.Head[:16]} {
		if !strings.Contains(resp.Text, zone) {
			t.Errorf("timeline lacks %q", zone)
		}
	}
	slack := chat.Pages(resp.Text, slackSection)
	discord := chat.Pages(resp.Text, discordMessage)
	for name, pages := range map[string][]string{"slack": slack, "discord": discord} {
		limit := map[string]int{"slack": slackSection, "discord": discordMessage}[name]
		for i, p := range pages {
			if n := utf8.RuneCountInString(p); n > limit {
				t.Fatalf("%s page %d has %d characters", name, i, n)
			}
		}
		// Every entry but the one longer than a page is shown whole on one page.
		for i, e := range events {
			line := chat.FormatEvent(e, chicago)
			if utf8.RuneCountInString(line) > limit {
				continue
			}
			line = strings.ReplaceAll(line, "\n", " ↵ ")
			if !onOnePage(pages, line) {
				t.Fatalf("%s: entry %d is split or missing: %q", name, i+1, line)
			}
		}
	}
	if len(slack) > slackBlocks*slackMessages {
		t.Fatalf("%d sections do not fit Slack's %d messages of %d blocks", len(slack), slackMessages, slackBlocks)
	}
	t.Logf("300 entries, %d characters: %d Slack sections (%d message(s)), %d Discord messages",
		utf8.RuneCountInString(resp.Text), len(slack), (len(slack)+slackBlocks-1)/slackBlocks, len(discord))
}

func onOnePage(pages []string, line string) bool {
	for _, p := range pages {
		if strings.Contains(p, line) {
			return true
		}
	}
	return false
}

func TestTimelineLineShowsZoneAbbreviation(t *testing.T) {
	e := incident.NewEvent(local("2026-11-01 01:30").Add(time.Hour), incident.KindAcked, *nora)
	got := fmt.Sprint(chat.FormatEvent(e, chicago))
	if !strings.HasPrefix(got, "01:30 CST ✅ acknowledged by Nora (MSP) from Discord") {
		t.Fatalf("line %q", got)
	}
}
