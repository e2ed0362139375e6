package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
	"github.com/tandemhq/tandem/reports"
	"github.com/tandemhq/tandem/reports/reportstest"
)

// tandem review reads the review fixture (reports/reportstest) from the
// configured Redis. The demo config reviews in America/Chicago, so
// November runs from 1 Nov 05:00 to 1 Dec 06:00 UTC: the same 26
// incidents, #39 resolved within it (30 Nov 19:00 CST), so 2 still open;
// the escalations and tickets, read from the timelines, are the
// hand-computed ones.
func TestReviewCommand(t *testing.T) {
	url := redistest.URL(t)
	path, _ := writeConfig(t, url)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := redisstore.Open(context.Background(), redisstore.Options{URL: url, Prefix: cfg.Redis.Prefix})
	if err != nil {
		t.Fatal(err)
	}
	incs, timelines := reportstest.ReviewIncidents()
	for _, inc := range incs {
		if _, err := st.Commit(context.Background(), incident.Change{Incident: inc, Events: timelines[inc.ID]}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), append(args, "--config", path), nil, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	code, out, errOut := run("review", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var d reports.ReviewData
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	want := reportstest.WantNovemberPeriod()
	if d.Report.Incidents != 26 || d.Report.StillOpen != 2 || d.Report.Previous.Incidents != 14 {
		t.Fatalf("incidents %d, still open %d, before %d", d.Report.Incidents, d.Report.StillOpen, d.Report.Previous.Incidents)
	}
	if !reflect.DeepEqual(d.Period.Escalations, want.Escalations) || !reflect.DeepEqual(d.Period.Tickets, want.Tickets) {
		t.Fatalf("escalations %+v\ntickets %+v", d.Period.Escalations, d.Period.Tickets)
	}
	code, out, _ = run("review", "--from", "2026-11-01", "--to", "2026-11-30")
	if code != 0 || !strings.HasPrefix(out, "# Operational review\n") || !strings.Contains(out, "previous period from Thu 01 Oct 2026 00:00 CDT") {
		t.Fatalf("markdown: exit %d\n%s", code, out)
	}
	file := filepath.Join(t.TempDir(), "oct-nov.pdf")
	if code, _, errOut := run("review", "--from", "2026-10-01", "--to", "2026-11-30", "--format", "pdf", "--out", file); code != 0 {
		t.Fatalf("pdf: exit %d %s", code, errOut)
	}
	if doc, err := os.ReadFile(file); err != nil || !bytes.HasPrefix(doc, []byte("%PDF-1.")) || !bytes.Contains(doc, []byte("/Subtype /Image")) {
		t.Fatalf("pdf file: %v, %d bytes", err, len(doc))
	}
	for _, bad := range [][]string{{"review"}, {"review", "--from", "2026-11-01"}, {"review", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "docx"}} {
		if code, _, _ := run(bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)", bad, code)
		}
	}
	for args, msg := range map[string]string{
		"--from 1 Nov --to 2026-11-30":                        `--from "1 Nov" is neither a date (2026-10-01) nor an RFC 3339 time`,
		"--from 2026-12-01 --to 2026-10-31":                   "the period ends (2026-11-01T00:00:00-05:00) before it starts",
		"--from 2026-11-01 --to 2026-11-30 --service storage": `no service "storage" is configured`,
	} {
		a := append([]string{"review"}, strings.Fields(strings.Replace(args, "1 Nov", "1_Nov", 1))...)
		for i := range a {
			a[i] = strings.Replace(a[i], "1_Nov", "1 Nov", 1)
		}
		if code, _, errOut := run(a...); code != 1 || !strings.Contains(errOut, msg) {
			t.Errorf("%s: exit %d %s", args, code, errOut)
		}
	}
}
