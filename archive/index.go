package archive

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Entry is what the index keeps of an archived incident.
type Entry struct {
	ID         string
	Head       string
	ArchivedAt time.Time
}

// Index knows which incidents and dedup keys an archive directory holds.
// It reads each file once and then only what was appended since (by this
// process or another replica sharing the directory), so a lookup costs a
// stat per monthly file. It keeps a few dozen bytes per archived incident
// in this process, none in Redis.
type Index struct {
	dir string

	mu    sync.Mutex
	read  map[string]int64 // file → bytes indexed
	byID  map[string]Entry
	dedup map[string]Entry // dedup key → the last incident archived with it
}

// NewIndex indexes the archive in dir (read on first use).
func NewIndex(dir string) *Index {
	return &Index{dir: dir, read: map[string]int64{}, byID: map[string]Entry{}, dedup: map[string]Entry{}}
}

// Has reports whether incident id is archived with this chain head, i.e.
// with this very timeline (a sweep cut short after its append finds it so,
// and does not write it twice).
// Call Refresh first to see what was appended since.
func (x *Index) Has(id, head string) bool {
	e, ok := x.Lookup(id)
	return ok && e.Head == head
}

// Lookup returns what the archive holds of incident id (its last line).
// Call Refresh first to see what was appended since.
func (x *Index) Lookup(id string) (Entry, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	e, ok := x.byID[id]
	return e, ok
}

// ByDedupKey returns the last incident archived with dedup key key.
func (x *Index) ByDedupKey(key string) (Entry, bool, error) {
	if err := x.Refresh(); err != nil {
		return Entry{}, false, err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	e, ok := x.dedup[key]
	return e, ok, nil
}

// Refresh reads what was appended to the archive files since last time.
func (x *Index) Refresh() error {
	files, err := filepath.Glob(filepath.Join(x.dir, "incidents-*.jsonl"))
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, f := range files {
		if err := x.readFile(f); err != nil {
			return err
		}
	}
	return nil
}

// indexed is the part of a line the index reads.
type indexed struct {
	ID         string    `json:"id"`
	Head       string    `json:"head"`
	DedupKey   string    `json:"dedup_key"`
	ArchivedAt time.Time `json:"archived_at"`
}

func (x *Index) readFile(path string) error {
	st, err := os.Stat(path)
	if err != nil || st.Size() <= x.read[path] {
		return nil // gone, or nothing new
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.NewSectionReader(f, x.read[path], st.Size()-x.read[path]))
	if err != nil {
		return fmt.Errorf("archive: read %s: %w", path, err)
	}
	// Only whole lines: one being appended right now is read next time.
	end := bytes.LastIndexByte(b, '\n') + 1
	for line := range bytes.Lines(b[:end]) {
		x.add(line)
	}
	x.read[path] += int64(end)
	return nil
}

func (x *Index) add(line []byte) {
	var l indexed
	if json.Unmarshal(line, &l) != nil || l.ID == "" {
		return // `archive verify` reports it; the index skips it
	}
	e := Entry{ID: l.ID, Head: l.Head, ArchivedAt: l.ArchivedAt}
	x.byID[l.ID] = e
	if l.DedupKey != "" {
		x.dedup[l.DedupKey] = e
	}
}
