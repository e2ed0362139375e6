package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/evidence"
)

// evidenceCmd writes the evidence pack of a period to a zip: exit 0 when
// every incident's timeline verified, 1 when one did not (the pack is
// written all the same: it is the record that says so) or the pack could
// not be made, 2 on a wrong command line.
func evidenceCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("evidence "+evidenceArgs, stderr)
	path := fs.String("config", "", "config file (default $TANDEM_CONFIG, then ./tandem.yaml)")
	from := fs.String("from", "", "first day (2026-10-01, in the reports' zone) or RFC 3339 time (default: 90 days before --to)")
	to := fs.String("to", "", "last day, included, or RFC 3339 time, excluded (default: now)")
	out := fs.String("out", "", "the zip file to write (required)")
	anchors := fs.String("anchors", "", "anchor file (default audit.anchor_file)")
	if code, ok := parseOnlyFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if *out == "" {
		return usageError(fs, stderr)
	}
	tools, code := openTools(ctx, *path, stderr)
	if tools == nil {
		return code
	}
	defer tools.Close()
	period, err := evidence.ParsePeriod(*from, *to, time.Now(), tools.ReportZone())
	if err != nil {
		fmt.Fprintln(stderr, "tandem evidence:", err)
		return 2
	}
	req := bot.EvidenceRequest{Period: period, AnchorFile: cmp.Or(*anchors, tools.AnchorFile()), ConfigFile: configFile(*path)}
	res, err := writeEvidence(ctx, tools, req, *out)
	if err != nil {
		fmt.Fprintln(stderr, "tandem evidence:", err)
		return 1
	}
	return evidenceSummary(stdout, req, res, *out)
}

// evidenceSummary prints what the pack holds and each incident's audit
// line; 1 when a timeline did not verify.
func evidenceSummary(stdout io.Writer, req bot.EvidenceRequest, res evidence.Result, out string) int {
	for _, l := range append(res.Verification, res.Unaccounted...) {
		fmt.Fprintln(stdout, l)
	}
	fmt.Fprintf(stdout, "wrote %s: %d incident(s) opened %s to %s, %d file(s) and %s (SHA-256 %s: keep it apart from the pack)\n", out, len(res.Verification),
		req.From.Format(time.RFC3339), req.To.Format(time.RFC3339), len(res.Files), evidence.ManifestName, res.ManifestSHA256)
	if len(res.Failed) > 0 {
		fmt.Fprintf(stdout, "AUDIT FAILED for %d incident(s): %v (audit/verification.txt in the pack names each entry)\n", len(res.Failed), res.Failed)
		return 1
	}
	return 0
}

// writeEvidence writes the pack to a file beside out and renames it into
// place, so out is never a half-written zip.
func writeEvidence(ctx context.Context, tools *bot.Tools, req bot.EvidenceRequest, out string) (evidence.Result, error) {
	f, err := os.CreateTemp(filepath.Dir(out), ".evidence-*.zip")
	if err != nil {
		return evidence.Result{}, err
	}
	defer os.Remove(f.Name()) // after the rename, there is nothing left to remove
	res, err := tools.Evidence(ctx, req, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), out)
	}
	return res, err
}

// configFile is the config file openTools read, found the same way; ""
// when there is none (the demo).
func configFile(path string) string {
	if path = cmp.Or(path, os.Getenv("TANDEM_CONFIG")); path != "" {
		return path
	}
	if _, err := os.Stat("tandem.yaml"); err == nil {
		return "tandem.yaml"
	}
	return ""
}
