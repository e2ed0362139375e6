package archive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
)

func TestAnchorFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "anchors.jsonl")
	day1 := incident.NewAnchor(t0, map[string]string{"INC-1": "h1", "INC-2": "h2"})
	day2 := incident.NewAnchor(t0.Add(24*time.Hour), map[string]string{"INC-2": "h2b", "INC-3": "h3"})
	for _, a := range []incident.Anchor{day1, day2} {
		if err := AppendAnchor(path, a); err != nil {
			t.Fatal(err)
		}
	}
	x, err := ReadAnchors(path)
	if err != nil {
		t.Fatal(err)
	}
	if x.Lines != 2 || x.Latest["INC-1"].Head != "h1" || x.Latest["INC-2"].Head != "h2b" || !x.Latest["INC-2"].At.Equal(day2.At) {
		t.Fatalf("anchors: %+v", x)
	}
	if _, ok := x.Digests[day1.Digest]; !ok {
		t.Fatal("day 1's digest is not known")
	}
	// An anchor line edited afterwards is refused with its position.
	b, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(strings.Replace(string(b), `"h2b"`, `"h2c"`, 1)), 0o600)
	if _, err := ReadAnchors(path); err == nil || !strings.Contains(err.Error(), path+":2: its digest") {
		t.Fatalf("edited anchor: %v", err)
	}
}

// An archive line keyed with an audit key verifies with the key, and names
// the key it needs without it.
func TestVerifyKeyedArchive(t *testing.T) {
	ring, err := incident.NewKeyring([]string{"0123456789abcdef0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	l := line(t, 1, "")
	l.Timeline, l.Head = incident.Chain(l.ID, "", l.Timeline, ring.Signer())
	dir := t.TempDir()
	if err := Append(dir, []Line{l, line(t, 2, "")}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName(l.ResolvedAt))
	if rep, err := Verify(path, ring); err != nil || len(rep.Problems) != 0 || rep.Incidents != 2 {
		t.Fatalf("with the key (and an unkeyed line): %+v %v", rep, err)
	}
	rep, _ := Verify(path, nil)
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "keyed with audit key "+ring.Signer().ID()) {
		t.Fatalf("without the key: %q", rep.Problems)
	}
}
