package archive

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/tandemhq/tandem/incident"
)

// maxLine bounds one archive line (an incident with a very long timeline).
const maxLine = 64 << 20

// Report is what Verify found in one archive file.
type Report struct {
	Lines      int      // lines read
	Incidents  int      // distinct incidents
	Entries    int      // timeline entries checked
	Duplicates int      // lines identical to an earlier one (tolerated)
	Problems   []string // "FILE:LINE: message", in file order
}

// Verify checks every line of the archive file at path: that it is an
// archived incident, and that its timeline matches its hash chain and
// head. A line identical to an earlier one is tolerated (two sweeps that
// raced wrote the same incident); an ID seen again with another head is
// the same incident archived again after it reopened, and is checked
// like any line. keys are the audit keys that keyed entries need (nil when
// none are configured: a keyed entry is then a problem naming its key).
func Verify(path string, keys *incident.Keyring) (Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return Report{}, fmt.Errorf("archive verify: %w", err)
	}
	defer f.Close()
	return verify(path, f, keys)
}

func verify(name string, r io.Reader, keys *incident.Keyring) (Report, error) {
	var rep Report
	seen := map[string]map[string]bool{} // id → heads seen
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for sc.Scan() {
		rep.Lines++
		bad := func(format string, args ...any) {
			rep.Problems = append(rep.Problems, fmt.Sprintf("%s:%d: ", name, rep.Lines)+fmt.Sprintf(format, args...))
		}
		l, err := decodeLine(sc.Bytes())
		if err != nil {
			bad("%v", err)
			continue
		}
		if seen[l.ID][l.Head] {
			rep.Duplicates++
			continue
		}
		if seen[l.ID] == nil {
			seen[l.ID] = map[string]bool{}
			rep.Incidents++
		}
		seen[l.ID][l.Head] = true
		rep.Entries += len(l.Timeline)
		if m := incident.Verify(l.ID, l.Timeline, l.Head, incident.VerifyOptions{Keys: keys, AllowUnkeyed: true}); m != nil {
			bad("%s: %s", l.ID, m)
		}
	}
	if err := sc.Err(); err != nil {
		return rep, fmt.Errorf("archive verify: %s:%d: %w", name, rep.Lines+1, err)
	}
	return rep, nil
}

// decodeLine reads one line strictly: unknown fields are errors, so a
// file that is not an archive is not taken for one.
func decodeLine(b []byte) (Line, error) {
	var l Line
	if len(bytes.TrimSpace(b)) == 0 {
		return l, fmt.Errorf("empty line")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return l, fmt.Errorf("not an archived incident: %v", err)
	}
	switch {
	case l.ID == "":
		return l, fmt.Errorf("the line has no incident id")
	case len(l.Timeline) == 0:
		return l, fmt.Errorf("%s: the line has no timeline", l.ID)
	}
	return l, nil
}
