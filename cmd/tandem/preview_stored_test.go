package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// An override and a swap stored from chat both show in
// `ladder preview --stored --json`: in the overrides list and in whom each
// step would page.
func TestLadderPreviewStored(t *testing.T) {
	url, prefix := redistest.URL(t), redistest.Prefix(t)
	path := filepath.Join(t.TempDir(), "tandem.yaml")
	yaml := fmt.Sprintf(`timezone: America/Chicago
redis: {url: %q, prefix: %q}
calendars:
  office:
    business_hours:
      - {days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00"}
teams:
  acme-it:
    side: internal
    members: [{name: Alice}, {name: Bob}, {name: Carol}]
    rotation: {members: [Alice, Bob, Carol], handoff: "mon 09:00", start: "2026-11-30"}
services:
  - {name: database, owner: acme-it, ladder: standard, severity: sev2}
ladders:
  standard:
    calendar: office
    steps:
      - {notify: [acme-it], wait: 10m}
`, url, prefix)
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := redisstore.Open(ctx, redisstore.Options{URL: url, Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC) // Tuesday 10:00 CST: Alice's week
	by := incident.Actor{Name: "Alice", Platform: "console"}
	for _, c := range []incident.OnCallChange{
		{Kind: incident.KindOverride, Team: "acme-it", Person: "Carol", From: at, To: at.Add(2 * time.Hour), By: by, At: at},
		{Kind: incident.KindSwap, Team: "acme-it", Person: "Alice", Other: "Bob", Date: "2026-12-02", By: by, At: at},
	} {
		if _, err := st.AddOnCallChange(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	pages := func(when string, stored bool) (string, int) {
		args := []string{"ladder", "preview", "--config", path, "--service", "database", "--at", when, "--json"}
		if stored {
			args = append(args, "--stored")
		}
		var out, errOut bytes.Buffer
		if code := run(ctx, args, nil, &out, &errOut); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		var got struct {
			Steps []struct {
				OnCall []string `json:"on_call"`
			}
			Overrides []incident.OnCallChange
		}
		if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got.Steps) != 1 || len(got.Steps[0].OnCall) != 1 {
			t.Fatalf("unexpected JSON (%v): %s", err, out.String())
		}
		return got.Steps[0].OnCall[0], len(got.Overrides)
	}
	for _, tc := range []struct {
		at     string
		stored bool
		want   string
	}{
		{"2026-12-01T10:30:00-06:00", false, "Alice"},
		{"2026-12-01T10:30:00-06:00", true, "Carol"}, // the override
		{"2026-12-01T13:00:00-06:00", true, "Alice"}, // the override is over
		{"2026-12-02T10:00:00-06:00", true, "Bob"},   // the swap's day
		{"2026-12-03T10:00:00-06:00", true, "Alice"}, // the day after
	} {
		who, n := pages(tc.at, tc.stored)
		if who != tc.want || (tc.stored && n != 2) || (!tc.stored && n != 0) {
			t.Errorf("at %s (stored %t): pages %s with %d overrides listed, want %s", tc.at, tc.stored, who, n, tc.want)
		}
	}
}
