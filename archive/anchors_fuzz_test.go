package archive

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// An anchor file is read strictly: whatever its bytes, reading it never
// panics, and what it accepts is only anchors whose digests match.
func FuzzReadAnchors(f *testing.F) {
	good, _ := json.Marshal(incident.NewAnchor(time.Date(2026, 12, 4, 0, 10, 0, 0, time.UTC), map[string]string{"INC-1": "aa", "INC-2": "bb"}))
	f.Add(append(good, '\n'))
	f.Add([]byte(`{"at":"2026-12-04T00:10:00Z","digest":"00","heads":{}}` + "\n"))
	f.Add([]byte("not json\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		x, err := readAnchors("f", bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, line := range bytes.Split(b, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			var a incident.Anchor
			if json.Unmarshal(line, &a) != nil || a.Check() != nil {
				t.Fatalf("accepted a line that is not a checked anchor: %q", line)
			}
		}
		if len(x.Digests) > x.Lines {
			t.Fatalf("%d digests from %d lines", len(x.Digests), x.Lines)
		}
	})
}
