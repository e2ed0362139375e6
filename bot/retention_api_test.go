package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

var apiAuth = map[string]string{"Authorization": "Bearer api-token"}

// A group that fires again after retention trimmed its incident opens a
// new incident, which names the archived one.
func TestReopenAfterRetentionOpensNewIncident(t *testing.T) {
	dir := t.TempDir()
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, bottest.Config(t, retentionYAML(t, redistest.URL(t), dir), testEnv), bot.Options{Now: clock.Now, NoWorkers: true})
	post := func(body string) string {
		code, resp := bottest.Do(t, "POST", b.URL+"/webhooks/generic", body, auth)
		if code != 202 {
			t.Fatalf("webhook: %d %s", code, resp)
		}
		return resp
	}
	post(diskAlert)
	post(strings.Replace(diskAlert, `"severity"`, `"status":"resolved","severity"`, 1))
	if inc := incidentJSON(t, b, "INC-1"); inc["status"] != "resolved" {
		t.Fatalf("INC-1 is %v", inc["status"])
	}
	clock.Advance(401 * 24 * time.Hour)
	if rep, err := b.TrimResolved(context.Background()); err != nil || rep.Trimmed != 1 {
		t.Fatalf("sweep: %+v %v", rep, err)
	}
	if code, _ := bottest.Do(t, "GET", b.URL+"/api/v1/incidents/INC-1", "", apiAuth); code != 404 {
		t.Fatalf("INC-1 after the trim: %d, want 404", code)
	}

	if resp := post(diskAlert); !strings.Contains(resp, `"INC-2"`) {
		t.Fatalf("the group firing again: %s, want a new INC-2", resp)
	}
	inc := incidentJSON(t, b, "INC-2")
	opened := findEvent(inc, "opened")["details"].(map[string]any)
	if opened["previous"] != "INC-1" || opened["previous_archived_at"] != clock.Now().UTC().Format(time.RFC3339) {
		t.Errorf("opened details %v do not name the archived INC-1", opened)
	}
	note, _ := findEvent(inc, "note")["details"].(map[string]any)
	if !strings.Contains(fmt.Sprint(note["text"]), "INC-1, resolved long ago and archived on "+clock.Now().UTC().Format("2006-01-02")) {
		t.Errorf("no note names the archived incident: %v", note)
	}
	// Resolving and firing again within reopen_within reopens INC-2, with
	// no second note.
	post(strings.Replace(diskAlert, `"severity"`, `"status":"resolved","severity"`, 1))
	post(diskAlert)
	if inc := incidentJSON(t, b, "INC-2"); inc["status"] != "open" || strings.Count(strings.Join(kinds(inc), ","), "note") != 1 {
		t.Errorf("INC-2 after reopening: %v %v", inc["status"], kinds(inc))
	}
}

// listPage GETs one page of the list and returns its IDs and next cursor.
func listPage(t *testing.T, b *bottest.Bot, query string) ([]string, string, bool) {
	t.Helper()
	code, body := bottest.Do(t, "GET", b.URL+"/api/v1/incidents?"+query, "", apiAuth)
	if code != 200 {
		t.Fatalf("GET ?%s: %d %s", query, code, body)
	}
	var page struct {
		Incidents []struct {
			ID string `json:"id"`
		} `json:"incidents"`
		Next *string `json:"next_cursor"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(page.Incidents))
	for i, inc := range page.Incidents {
		ids[i] = inc.ID
	}
	if page.Next == nil {
		return ids, "", false
	}
	return ids, *page.Next, true
}

// walk follows next_cursor from the first page to the last.
func walk(t *testing.T, b *bottest.Bot, query string) []string {
	t.Helper()
	var all []string
	cursor := ""
	for range 100 {
		q := query
		if cursor != "" {
			q += "&cursor=" + url.QueryEscape(cursor)
		}
		ids, next, more := listPage(t, b, q)
		all = append(all, ids...)
		if !more {
			return all
		}
		cursor = next
	}
	t.Fatal("the cursor never ends")
	return nil
}

func TestAPIListPages(t *testing.T) {
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, testConfig(t, redistest.URL(t)), bot.Options{Now: clock.Now, NoWorkers: true})
	for i := 1; i <= 23; i++ {
		body := fmt.Sprintf(`{"summary":"page %d","dedup_key":"page-%d","service":"database"}`, i, i)
		if code, resp := bottest.Do(t, "POST", b.URL+"/webhooks/generic", body, auth); code != 202 {
			t.Fatalf("%d %s", code, resp)
		}
	}
	for _, id := range []string{"INC-3", "INC-10", "INC-17"} {
		b.Service().Handle(context.Background(), chat.Request{Platform: "console", User: "alice", Text: "ack " + id})
	}
	want := func(from, to int, skip ...int) []string {
		var out []string
		for n := from; n >= to; n-- {
			if !containsInt(skip, n) {
				out = append(out, fmt.Sprintf("INC-%d", n))
			}
		}
		return out
	}
	t.Run("OKWalk", func(t *testing.T) {
		if got := walk(t, b, "limit=5"); strings.Join(got, ",") != strings.Join(want(23, 1), ",") {
			t.Errorf("open and acked, newest first, each once: got %v", got)
		}
		if got := walk(t, b, "limit=1&status=open"); strings.Join(got, ",") != strings.Join(want(23, 1, 3, 10, 17), ",") {
			t.Errorf("status=open: got %v", got)
		}
		if got := walk(t, b, "status=acked&limit=2"); strings.Join(got, ",") != "INC-17,INC-10,INC-3" {
			t.Errorf("status=acked: got %v", got)
		}
	})
	t.Run("OKDefaultLimitLastPage", func(t *testing.T) {
		ids, _, more := listPage(t, b, "")
		if len(ids) != 23 || more {
			t.Errorf("default page: %d incidents, more %v", len(ids), more)
		}
		if _, _, more := listPage(t, b, "limit=23"); more {
			t.Error("a page that ends exactly at the last incident has a next_cursor")
		}
	})
	t.Run("ErrBadParams", func(t *testing.T) {
		for q, want := range map[string]string{
			"limit=0": "limit", "limit=1001": "limit", "limit=ten": "limit", "limit=-1": "limit",
			"cursor=nonsense": "cursor", "cursor=" + url.QueryEscape("djE6YmVmb3JlOi0x"): "cursor", "status=closed": "status",
		} {
			code, body := bottest.Do(t, "GET", b.URL+"/api/v1/incidents?"+q, "", apiAuth)
			if code != 400 || !strings.Contains(body, `"error":"`+want+":") {
				t.Errorf("?%s: %d %s, want 400 naming %s", q, code, body, want)
			}
		}
	})
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// The retention sweep is visible on /metrics: a sweep that cannot write
// the archive is a failure and trims nothing; once it can, the incidents
// archived and trimmed are counted and the last success is stamped.
func TestRetentionSweepMetrics(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "archive")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	clock := bottest.NewClock(tuesday10)
	b := bottest.Start(t, bottest.Config(t, retentionYAML(t, redistest.URL(t), dir), testEnv), bot.Options{Now: clock.Now, NoWorkers: true})
	for _, body := range []string{diskAlert, strings.Replace(diskAlert, `"severity"`, `"status":"resolved","severity"`, 1)} {
		if code, resp := bottest.Do(t, "POST", b.URL+"/webhooks/generic", body, auth); code != 202 {
			t.Fatalf("webhook: %d %s", code, resp)
		}
	}
	clock.Advance(401 * 24 * time.Hour)

	// The archive directory replaced by a file: not writable, even by root.
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := b.TrimResolved(context.Background()); err == nil {
		t.Fatal("a sweep into an unwritable archive succeeded")
	}
	m := scrape(t, b)
	if m["tandem_retention_sweep_failures_total"] != 1 || m["tandem_retention_trimmed_total"] != 0 || m["tandem_retention_last_success_timestamp_seconds"] != 0 {
		t.Fatalf("after a failed sweep: failures %v, trimmed %v, last success %v", m["tandem_retention_sweep_failures_total"],
			m["tandem_retention_trimmed_total"], m["tandem_retention_last_success_timestamp_seconds"])
	}

	os.Remove(dir)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if rep, err := b.TrimResolved(context.Background()); err != nil || rep.Trimmed != 1 {
		t.Fatalf("sweep: %+v %v", rep, err)
	}
	m = scrape(t, b)
	if m["tandem_retention_archived_total"] != 1 || m["tandem_retention_trimmed_total"] != 1 ||
		m["tandem_retention_last_success_timestamp_seconds"] != float64(clock.Now().Unix()) || m["tandem_retention_sweep_failures_total"] != 1 {
		t.Fatalf("after a good sweep: %v", m)
	}
}
