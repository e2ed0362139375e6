// Package archive writes and reads the retention archive: monthly JSONL
// files (incidents-YYYY-MM.jsonl, month of resolution, UTC) with one
// trimmed incident per line, as the API's single-incident endpoint renders
// it (whole timeline, chain head), plus its dedup key and when it was
// archived. A line is fsynced (file and directory) before the incident
// leaves Redis, so a crash between the two loses nothing.
package archive

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// Line is one archived incident.
type Line struct {
	reports.ExportJSON
	// DedupKey is the alert group's key ("source:key"), so a group firing
	// again after the trim is told which incident it had.
	DedupKey   string    `json:"dedup_key,omitempty"`
	ArchivedAt time.Time `json:"archived_at"`
}

// NewLine builds the archive line of an incident read with its timeline.
func NewLine(inc incident.Incident, timeline []incident.Event, now time.Time) Line {
	return Line{ExportJSON: reports.NewExportJSON(inc, timeline), DedupKey: inc.DedupKey, ArchivedAt: now.UTC()}
}

// FileName is the archive file of incidents resolved in t's month (UTC).
func FileName(resolved time.Time) string {
	return "incidents-" + resolved.UTC().Format("2006-01") + ".jsonl"
}

// Append writes lines to their monthly files in dir (created if needed)
// and fsyncs each file and the directory before it returns: only then may
// the incidents leave Redis. A torn last line left by a crash mid-write
// is cut off first (its incident was never trimmed, so it is written again).
func Append(dir string, lines []Line) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	byFile := map[string]*bytes.Buffer{}
	var order []string
	for _, l := range lines {
		name := FileName(l.ResolvedAt)
		if byFile[name] == nil {
			byFile[name] = &bytes.Buffer{}
			order = append(order, name)
		}
		if err := json.NewEncoder(byFile[name]).Encode(l); err != nil {
			return fmt.Errorf("archive: encode %s: %w", l.ID, err)
		}
	}
	for _, name := range order {
		if err := appendFile(filepath.Join(dir, name), byFile[name].Bytes()); err != nil {
			return err
		}
	}
	return syncDir(dir)
}

// appendFile writes b at the end of path in one write and fsyncs it.
func appendFile(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o640)
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	err = cutTornLine(f)
	if err == nil {
		_, err = f.Write(b)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("archive: append to %s: %w", path, err)
	}
	return nil
}

// cutTornLine truncates f after its last newline, dropping a line a crash
// cut short.
func cutTornLine(f *os.File) error {
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return err
	}
	end := st.Size()
	buf := make([]byte, 4096)
	for end > 0 {
		n := min(int64(len(buf)), end)
		if _, err := f.ReadAt(buf[:n], end-n); err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			end = end - n + int64(i) + 1
			break
		}
		end -= n
	}
	if end == st.Size() {
		return nil
	}
	return f.Truncate(end)
}

// syncDir fsyncs a directory, so a file created in it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("archive: sync %s: %w", dir, err)
	}
	return nil
}
