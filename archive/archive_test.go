package archive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
)

var t0 = time.Date(2025, 11, 3, 10, 0, 0, 0, time.UTC)

// line builds the archive line of a small resolved incident.
func line(t *testing.T, n int64, key string) Line {
	t.Helper()
	id := incident.FormatID(n)
	inc, events, err := incident.Open(id, incident.Spec{Title: "Disk full", Severity: incident.Sev2, DedupKey: key}, incident.Monitoring, t0)
	if err != nil {
		t.Fatal(err)
	}
	inc, more, _ := inc.Resolve(incident.Monitoring, "done", t0.Add(time.Hour))
	events, inc.Head = incident.Chain(id, "", append(events, more...), nil)
	return NewLine(inc, events, t0.Add(401*24*time.Hour))
}

func TestAppendAndIndex(t *testing.T) {
	dir := t.TempDir()
	x := NewIndex(dir)
	a, b := line(t, 1, "generic:disk"), line(t, 2, "generic:cpu")
	if err := Append(dir, []Line{a}); err != nil {
		t.Fatal(err)
	}
	if err := x.Refresh(); err != nil || !x.Has("INC-1", a.Head) || x.Has("INC-1", "other") || x.Has("INC-2", b.Head) {
		t.Fatalf("index after one line: %v", err)
	}
	// A crash mid-write left half a line: the next append cuts it off.
	path := filepath.Join(dir, "incidents-2025-11.jsonl")
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"id":"INC-2","title":"Disk`)
	f.Close()
	if err := x.Refresh(); err != nil || x.Has("INC-2", b.Head) {
		t.Fatalf("a torn line is indexed: %v", err)
	}
	if err := Append(dir, []Line{b}); err != nil {
		t.Fatal(err)
	}
	e, ok, err := x.ByDedupKey("generic:cpu")
	if err != nil || !ok || e.ID != "INC-2" || !e.ArchivedAt.Equal(b.ArchivedAt) {
		t.Fatalf("by dedup key: %+v %v %v", e, ok, err)
	}
	rep, err := Verify(path, nil)
	if err != nil || rep.Lines != 2 || rep.Incidents != 2 || len(rep.Problems) != 0 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}

func TestVerify(t *testing.T) {
	dir := t.TempDir()
	a := line(t, 1, "")
	if err := Append(dir, []Line{a, a, line(t, 2, "")}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName(a.ResolvedAt))
	rep, err := Verify(path, nil)
	if err != nil || rep.Duplicates != 1 || rep.Incidents != 2 || len(rep.Problems) != 0 {
		t.Fatalf("an identical duplicate: %+v %v", rep, err)
	}
	b, _ := os.ReadFile(path)
	lines := strings.SplitAfter(string(b), "\n")
	lines[2] = strings.Replace(lines[2], `"kind":"resolved"`, `"kind":"acked"`, 1)
	bad := strings.Join(lines, "") + "\n" + `{"id":"INC-9","surprise":1}` + "\n"
	os.WriteFile(path, []byte(bad), 0o600)
	rep, _ = Verify(path, nil)
	want := []string{path + ":3: INC-2: entry 2 (acked at 2025-11-03T11:00:00Z): its content hashes to",
		path + ":4: empty line", path + `:5: not an archived incident: json: unknown field "surprise"`}
	if len(rep.Problems) != len(want) {
		t.Fatalf("problems %q", rep.Problems)
	}
	for i, w := range want {
		if !strings.HasPrefix(rep.Problems[i], w) {
			t.Errorf("problem %d: %q, want %q…", i, rep.Problems[i], w)
		}
	}
}
