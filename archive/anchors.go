package archive

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// AppendAnchor appends a as one JSON line to the anchor file at path
// (created if needed) and fsyncs it, like an archive file: a torn last line
// from a crash is cut first.
func AppendAnchor(path string, a incident.Anchor) error {
	b, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("archive: encode anchor: %w", err)
	}
	if err := appendFile(path, append(b, '\n')); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// Anchored is the latest anchor's record of one incident's head.
type Anchored struct {
	Head string
	At   time.Time
}

// Anchors is what an anchor file holds.
type Anchors struct {
	Lines   int
	Latest  map[string]Anchored // incident ID → its head in the latest anchor naming it
	Digests map[string]time.Time
}

// ReadAnchors reads the anchor file at path. Every line must be an anchor
// whose digest matches its heads: an edited or foreign line is an error
// naming FILE:LINE, since a check against it would mean nothing.
func ReadAnchors(path string) (Anchors, error) {
	f, err := os.Open(path)
	if err != nil {
		return Anchors{}, fmt.Errorf("anchors: %w", err)
	}
	defer f.Close()
	return readAnchors(path, f)
}

func readAnchors(path string, r io.Reader) (Anchors, error) {
	x := Anchors{Latest: map[string]Anchored{}, Digests: map[string]time.Time{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for sc.Scan() {
		x.Lines++
		var a incident.Anchor
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil || a.Digest == "" {
			return x, fmt.Errorf("%s:%d: not an anchor (%v)", path, x.Lines, err)
		}
		if err := a.Check(); err != nil {
			return x, fmt.Errorf("%s:%d: %w", path, x.Lines, err)
		}
		x.Digests[a.Digest] = a.At
		for id, head := range a.Heads {
			if prev, ok := x.Latest[id]; !ok || !a.At.Before(prev.At) {
				x.Latest[id] = Anchored{Head: head, At: a.At}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return x, fmt.Errorf("%s:%d: %w", path, x.Lines+1, err)
	}
	return x, nil
}
