package handlers_test

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
	"github.com/tandemhq/tandem/reports"
)

// resolvedIncident stores a whole incident life: opened by an alert,
// paged on both sides, acknowledged by the MSP, assigned to the internal
// team, noted, resolved with a note.
func resolvedIncident(t *testing.T, svcAt time.Time) (*handlers.Service, func() incident.Incident) {
	t.Helper()
	st := redistest.Open(t)
	ctx := context.Background()
	c := &clock{t: svcAt}
	svc := reportService(t, st, c)
	opened := local("2026-11-26 10:00") // Thanksgiving
	inc, evs, _ := incident.Open("INC-1", incident.Spec{Title: "VPN down | *all* sites", Severity: incident.Sev1, Service: "network",
		Links: []incident.Link{{Href: "https://grafana.example/d/vpn?x=(1)", Text: "VPN [board]"}}}, incident.Monitoring, opened)
	steps := []func(incident.Incident, time.Time) (incident.Incident, []incident.Event, error){
		func(i incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			i.Paged = []string{"noc", "acme-it"}
			return i, []incident.Event{incident.NewEvent(now, incident.KindPaged, incident.Tandem, "team", "noc", "side", "msp", "person", "Nora", "step", "1", "window", "after_hours")}, nil
		},
		func(i incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			return i.Ack(*nora, now)
		},
		func(i incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			return i.Note(*nora, "tunnel to site B flaps\nrestarting the concentrator", now)
		},
		func(i incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			return i.Assign(*nora, *alice, now)
		},
		func(i incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			return i.Resolve(*alice, "replaced the `psu` | done", now)
		},
	}
	if _, err := st.Commit(ctx, incident.Change{Incident: inc, Events: evs}); err != nil {
		t.Fatal(err)
	}
	at := opened
	for v, step := range steps {
		at = at.Add(time.Duration(v+1) * 3 * time.Minute)
		cur, _ := st.Get(ctx, "INC-1")
		next, evs, err := step(cur, at)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Commit(ctx, incident.Change{Before: cur.Version, Incident: next, Events: evs}); err != nil {
			t.Fatal(err)
		}
	}
	return svc, func() incident.Incident { i, _ := st.Get(ctx, "INC-1"); return i }
}

func TestExportMarkdownIsAValidReview(t *testing.T) {
	svc, get := resolvedIncident(t, local("2026-11-27 10:00"))
	md, err := svc.Export(context.Background(), "INC-1", handlers.FormatMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(md)
	checkMarkdown(t, doc)
	inc := get()
	for _, want := range []string{
		"# Post-incident review: INC-1 VPN down \\| \\*all\\* sites\n",
		"| Opened | Thu 26 Nov 2026 10:00:00 CST by monitoring |",
		"| Window at opening | after hours, a holiday (calendar office) |",
		"| Acknowledged | Thu 26 Nov 2026 10:09:00 CST by Nora (MSP) from Discord |",
		"| Held by | Alice (internal) |",
		"| Resolved | Thu 26 Nov 2026 10:45:00 CST by Alice (internal) from Slack |",
		"| Teams paged | noc (MSP), acme-it (internal) |",
		"| Link | [VPN \\[board\\]](https://grafana.example/d/vpn?x=(1%29) |",
		"From Thu 26 Nov 2026 10:00:00 CST to Thu 26 Nov 2026 10:45:00 CST: 45m.",
		"| Acknowledge | 9m | 5m | ❌ missed by 4m | MSP |",
		"| Resolve | 45m | 4h00m | ✅ met | internal |",
		"| Nora | MSP | discord | acked, note, assigned |",
		"| Alice | internal | slack | resolved |",
		"- Thu 26 Nov 2026 10:18:00 CST, Nora (MSP): tunnel to site B flaps ↵ restarting the concentrator",
		"Alice (internal): replaced the \\`psu\\` \\| done",
		"- Final hash (head): `" + inc.Head + "`",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("review lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(doc)
	}
}

func TestExportJSONRoundTrips(t *testing.T) {
	svc, get := resolvedIncident(t, local("2026-11-27 10:00"))
	ctx := context.Background()
	data, err := svc.Export(ctx, "INC-1", handlers.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	x, err := reports.DecodeExportJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	again, err := x.Encode()
	if err != nil || !bytes.Equal(again, data) {
		t.Fatalf("re-encoded export differs (err %v):\n%s\n---\n%s", err, data, again)
	}
	inc := get()
	if x.ID != "INC-1" || x.Status != incident.StatusResolved || x.Severity != incident.Sev1 || x.Head != inc.Head ||
		!x.OpenedAt.Equal(inc.OpenedAt) || x.AckedBy.Side != incident.MSP || len(x.Timeline) != 6 {
		t.Fatalf("export %+v", x)
	}
	if m := incident.Verify(x.ID, x.Timeline, x.Head, incident.VerifyOptions{}); m != nil {
		t.Fatalf("the exported timeline does not verify by itself: %v", m)
	}
	stored, _ := svc.Export(ctx, "INC-1", handlers.FormatJSON)
	if !bytes.Equal(stored, data) {
		t.Fatal("two exports of the same incident differ")
	}
	for _, bad := range []string{`{"id":"INC-1","extra":1}`, `[1]`, `{"id":`} {
		if _, err := reports.DecodeExportJSON([]byte(bad)); err == nil {
			t.Errorf("%s decoded as an export", bad)
		}
	}
	evs := x.Timeline
	if !reflect.DeepEqual(evs[len(evs)-1].Details, map[string]string{"note": "replaced the `psu` | done"}) {
		t.Fatalf("last entry %+v", evs[len(evs)-1])
	}
}

// checkMarkdown checks what makes a Markdown document render as meant:
// one H1 first, headings in order, tables whose rows all have the header's
// number of cells, no raw line breaks or HTML tags inside cells, and code
// spans closed on the line they open.
func checkMarkdown(t *testing.T, doc string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(doc, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "# ") || strings.Count(doc, "\n# ") != 0 {
		t.Fatalf("want exactly one H1, first: %q", lines[0])
	}
	cols := 0
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "|"):
			n := cells(l)
			if cols == 0 {
				cols = n
				if i+1 >= len(lines) || cells(lines[i+1]) != n || !strings.HasPrefix(lines[i+1], "|---") {
					t.Fatalf("line %d: table header without its delimiter row", i+1)
				}
			} else if n != cols {
				t.Fatalf("line %d has %d cells, its table %d: %q", i+1, n, cols, l)
			}
		case l == "":
			cols = 0
		default:
			if cols != 0 {
				t.Fatalf("line %d continues a table without a blank line: %q", i+1, l)
			}
		}
		if strings.Count(strings.ReplaceAll(l, "\\`", ""), "`")%2 != 0 {
			t.Fatalf("line %d leaves a code span open: %q", i+1, l)
		}
		if strings.Contains(l, "<") && !strings.Contains(l, "&lt;") {
			t.Fatalf("line %d holds raw HTML: %q", i+1, l)
		}
	}
}

// cells counts a table row's cells: the unescaped pipes, less one.
func cells(row string) int {
	return strings.Count(strings.ReplaceAll(row, `\|`, ""), "|") - 1
}
