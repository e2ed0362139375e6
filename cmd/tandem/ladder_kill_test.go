package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/redisstore/redistest"
)

type pagedEvent struct {
	At   time.Time
	Team string
}

func pagedEvents(t *testing.T, base, id string) []pagedEvent {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/api/v1/incidents/"+id, nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	var inc struct {
		Timeline []struct {
			At      time.Time
			Kind    string
			Details map[string]string
		}
	}
	json.NewDecoder(resp.Body).Decode(&inc)
	var out []pagedEvent
	for _, e := range inc.Timeline {
		if e.Kind == "paged" {
			out = append(out, pagedEvent{e.At, e.Details["team"]})
		}
	}
	return out
}

// kill -9 of the bot during a ladder wait, start again: the next step
// fires once, at most 1 s late after the restart.
func TestSIGKILLDuringWaitFiresStepOnce(t *testing.T) {
	redistest.NeedReal(t)
	addr := freeAddr(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "token"), []byte("s3cret"), 0o600)
	yaml := fmt.Sprintf(`timezone: UTC
http: {addr: %q}
redis: {url: %q, prefix: %q}
calendars:
  always: {business_hours: [{days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00"}]}
teams:
  acme-it: {side: internal, members: [{name: Alice}]}
  noc: {side: msp, members: [{name: Nora}]}
services: [{name: database, owner: acme-it, ladder: standard}]
ladders:
  standard:
    calendar: always
    steps:
      - {notify: [acme-it], wait: 3s}
      - {notify: [noc]}
sources: {generic: {token_file: token}}
api: {token_file: token}
`, addr, redistest.Start(t).URL(), redistest.Prefix(t))
	path := filepath.Join(dir, "tandem.yaml")
	os.WriteFile(path, []byte(yaml), 0o600)
	base := "http://" + addr

	a := startTandem(t, "serve", "--config", path)
	waitHealthy(t, base, a)
	if code, body := post(t, base+"/webhooks/generic", `{"summary":"db down","dedup_key":"db","service":"database"}`); code != 202 {
		t.Fatalf("webhook: %d %s", code, body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(pagedEvents(t, base, "INC-1")) < 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(time.Second) // in the middle of the 3 s wait
	a.kill()
	b := startTandem(t, "serve", "--config", path)
	waitHealthy(t, base, b)
	restarted := time.Now()
	deadline = time.Now().Add(15 * time.Second)
	for len(pagedEvents(t, base, "INC-1")) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(time.Second) // any duplicate shows itself
	pages := pagedEvents(t, base, "INC-1")
	if len(pages) != 2 || pages[0].Team != "acme-it" || pages[1].Team != "noc" {
		t.Fatalf("pages %+v, want acme-it then noc once each\n%s", pages, b.output())
	}
	due := pages[0].At.Add(3 * time.Second)
	late := pages[1].At.Sub(due)
	if due.Before(restarted) {
		late = pages[1].At.Sub(restarted)
	}
	t.Logf("step 2 due %s, restart %s, fired %s: %v late", due.Format("15:04:05.000"), restarted.Format("15:04:05.000"), pages[1].At.Format("15:04:05.000"), late)
	if late > time.Second {
		t.Fatalf("step 2 fired %v late", late)
	}
	if n := strings.Count(b.output(), "PAGE Nora"); n != 1 {
		t.Fatalf("noc paged %d times by the new process", n)
	}
}
