// Package evidence builds the evidence pack an auditor takes away: for a
// period, every incident's review and whole timeline, the audit chain
// verification of each, the SLA table, the escalation policy in force
// (secrets redacted) with its hash, who acted on which side, and a manifest
// with the SHA-256 of every file. It is pure: the caller reads the store
// and verifies the chains (as `tandem audit verify` does), this package
// only lays the results out in a zip, so the command line and the chat
// command produce the same pack. docs/reports.md describes each file.
package evidence

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// Input is everything the pack holds, read and verified by the caller.
type Input struct {
	Period
	Zone      *time.Location // the zone the pack shows times in
	Incidents []Incident     // in the order they opened
	Report    reports.Report
	Policy    Policy
	// Anchors is the anchor file's content (audit.anchor_file), nil when
	// there is none; AnchorFile names it.
	Anchors    []byte
	AnchorFile string
	KeyIDs     []string // the audit keys' IDs (never the keys)
	// Gone is the anchored incidents Redis no longer holds, whatever their
	// period (their opening time went with them), as `tandem audit verify
	// --all` lists them: a deleted one is a finding.
	Gone []Gone
}

// Gone is an anchored incident that is no longer in Redis.
type Gone struct {
	ID       string
	Anchored time.Time // the latest anchor naming it
	Archived bool      // retention moved it to the archive (not a finding)
}

// Period is the pack's period, incidents opened in [From, To), and when
// the pack is made (also every file's time in the zip).
type Period struct {
	From, To, Made time.Time
}

// Incident is one incident of the period with its timeline as stored.
type Incident struct {
	Incident incident.Incident
	Events   []incident.Event // the readable entries, in order
	Review   []byte           // the post-incident review, Markdown
	Audit    Audit
}

// Audit is the outcome of verifying one timeline (bot.Tools.Verify).
type Audit struct {
	Entries  int
	Head     string
	Keys     []string  // the audit key IDs its entries carry
	Anchored time.Time // the latest anchor naming it; zero when none does
	// Mismatch is the first place the timeline does not match its chain
	// (nil: every entry is as written).
	Mismatch *incident.Mismatch
}

// OK reports whether the timeline verified.
func (a Audit) OK() bool { return a.Mismatch == nil }

// File is one file of the pack and its SHA-256 (hex).
type File struct {
	Name   string
	SHA256 string
	Size   int
}

// Result says what Write put in the pack.
type Result struct {
	Files []File // every file but the manifest, in pack order
	// Verification is the audit lines, one per incident, as `tandem audit
	// verify` prints them; Failed the incidents whose line is a finding.
	Verification []string
	Failed       []string
	// Unaccounted is the lines of the anchored incidents Redis no longer
	// holds (Input.Gone); the deleted ones are in Failed too.
	Unaccounted []string
	// ManifestSHA256 is the manifest's own hash: recorded apart from the
	// pack (a ticket, the chat post), it pins every file of it.
	ManifestSHA256 string
}

// ManifestName is the manifest file: `sha256sum -c MANIFEST.sha256` in the
// unzipped pack checks every other file.
const ManifestName = "MANIFEST.sha256"

// Write writes the pack of in to w as a zip and returns what it holds.
func Write(w io.Writer, in Input) (Result, error) {
	if !in.From.Before(in.To) {
		return Result{}, fmt.Errorf("evidence: the period's start %s is not before its end %s", in.From.Format(time.RFC3339), in.To.Format(time.RFC3339))
	}
	if in.Zone == nil {
		in.Zone = time.UTC
	}
	files, res, err := contents(in)
	if err != nil {
		return Result{}, err
	}
	z := zip.NewWriter(w)
	for _, f := range files {
		sum := sha256.Sum256(f.data)
		res.Files = append(res.Files, File{Name: f.name, SHA256: hex.EncodeToString(sum[:]), Size: len(f.data)})
		if err := add(z, f.name, f.data, in.Made); err != nil {
			return Result{}, err
		}
	}
	m := manifest(res.Files)
	sum := sha256.Sum256(m)
	res.ManifestSHA256 = hex.EncodeToString(sum[:])
	if err := add(z, ManifestName, m, in.Made); err != nil {
		return Result{}, err
	}
	if err := z.Close(); err != nil {
		return Result{}, fmt.Errorf("evidence: finish the zip: %w", err)
	}
	return res, nil
}

// file is one file's name and content before it is zipped.
type file struct {
	name string
	data []byte
}

// contents renders every file of the pack, the README first.
func contents(in Input) ([]file, Result, error) {
	var res Result
	files := []file{{"README.txt", readme(in)}}
	for _, x := range in.Incidents {
		js, err := reports.NewExportJSON(x.Incident, x.Events).Encode()
		if err != nil {
			return nil, res, fmt.Errorf("evidence: %w", err)
		}
		files = append(files, file{"incidents/" + x.Incident.ID + "-review.md", x.Review},
			file{"incidents/" + x.Incident.ID + ".json", js})
	}
	verification, res := verificationFile(in)
	files = append(files, file{"audit/verification.txt", verification})
	if in.Anchors != nil {
		files = append(files, file{"audit/anchors.jsonl", in.Anchors})
	}
	data, err := in.Report.Data().Encode()
	if err != nil {
		return nil, res, fmt.Errorf("evidence: report data: %w", err)
	}
	policy, err := policyFile(in.Policy)
	if err != nil {
		return nil, res, err
	}
	files = append(files, file{"sla.md", slaTable(in.Report, in.Zone)}, file{"report.json", data},
		file{"policy/config.yaml", in.Policy.Redacted}, file{"policy/policy.json", policy},
		file{"actors.csv", actorsCSV(in.Incidents)})
	return files, res, nil
}

// manifest is the sha256sum-format list of every file: "HASH  NAME".
func manifest(files []File) []byte {
	var b []byte
	for _, f := range files {
		b = fmt.Appendf(b, "%s  %s\n", f.SHA256, f.Name)
	}
	return b
}

// add stores one file, with the pack's time so a pack's bytes depend only
// on its contents.
func add(z *zip.Writer, name string, data []byte, at time.Time) error {
	w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: at.UTC()})
	if err == nil {
		_, err = w.Write(data)
	}
	if err != nil {
		return fmt.Errorf("evidence: write %s: %w", name, err)
	}
	return nil
}
