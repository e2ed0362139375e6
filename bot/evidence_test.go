package bot_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/evidence"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// /incident evidence from a manager posts the pack of the period as a zip
// in the managers' Slack channel (through the outbox and the file upload),
// and its incident JSON verifies; anyone else is refused.
func TestSlackEvidenceCommand(t *testing.T) {
	e := startSlack(t, slackSetup{})
	id := e.Alert(t, diskAlert)
	room := e.SlackRoom(t, "inc-1-")
	e.SlackCard(t, room.ID)
	waitAnswer(t, e.SlackSend.Command("U01BOB", room.ID, "resolve "+id+" swapped the disk"))

	if a := waitAnswer(t, e.SlackSend.Command("U01BOB", "C01OPS", "evidence")); !strings.Contains(a.Content(), "only managers may make an evidence pack") {
		t.Fatalf("Bob's answer: %q", a.Content())
	}
	if a := waitAnswer(t, e.SlackSend.Command("U01MARIA", "C01MGRS", "evidence 2026-12-01 someday")); !strings.Contains(a.Content(), `"someday" is neither a date`) {
		t.Fatalf("bad date: %q", a.Content())
	}
	a := waitAnswer(t, e.SlackSend.Command("U01MARIA", "C01MGRS", "evidence 2026-11-01 2026-12-01"))
	if !strings.Contains(a.Content(), "📦 Evidence pack: incidents opened 2026-11-01 00:00 CDT to 2026-12-02 00:00 CST (1): every timeline verified.") {
		t.Fatalf("Maria's answer: %q", a.Content())
	}
	f := waitFile(t, e.Slack, "C01MGRS")
	if f.Name != "evidence-2026-11-01-2026-12-01.zip" || !strings.HasPrefix(f.Comment, "📦 Evidence pack") {
		t.Fatalf("file %s, comment %q", f.Name, f.Comment)
	}
	z, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, zf := range z.File {
		r, _ := zf.Open()
		files[zf.Name], _ = io.ReadAll(r)
		r.Close()
	}
	x, err := reports.DecodeExportJSON(files["incidents/"+id+".json"])
	if err != nil || incident.Verify(x.ID, x.Timeline, x.Head, incident.VerifyOptions{}) != nil || files[evidence.ManifestName] == nil {
		t.Fatalf("the pack's %s.json does not verify (%v); files %d", id, err, len(files))
	}
	if !bytes.Contains(files["incidents/"+id+"-review.md"], []byte("swapped the disk")) {
		t.Fatalf("review:\n%s", files["incidents/"+id+"-review.md"])
	}
}

// An anchor file that cannot be trusted (a line edited) is named in the
// manager's answer, as `tandem evidence` names it, not "Internal error.":
// it is the finding the pack is asked for.
func TestSlackEvidenceNamesABadAnchorFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "anchors.jsonl")
	if err := os.WriteFile(file, []byte("{\"at\":\"2026-12-01T00:00:00Z\",\"digest\":\"00\"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := startSlack(t, slackSetup{yaml: "audit: {anchor_file: " + file + "}\n"})
	a := waitAnswer(t, e.SlackSend.Command("U01MARIA", "C01MGRS", "evidence"))
	if !strings.Contains(a.Content(), file+":1") || strings.Contains(a.Content(), "Internal error") {
		t.Fatalf("Maria's answer: %q", a.Content())
	}
}
