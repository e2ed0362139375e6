package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/archive"
	"github.com/tandemhq/tandem/evidence"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// readPack opens an evidence zip and returns its files by name, after
// checking the manifest: every file listed with its SHA-256, no file left out.
func readPack(t *testing.T, path string) map[string][]byte {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	files := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(string(files[evidence.ManifestName]), "\n"), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		got := sha256.Sum256(files[name])
		if !ok || files[name] == nil || hex.EncodeToString(got[:]) != sum {
			t.Errorf("manifest line %q does not match the file in the zip", line)
		}
		listed[name] = true
	}
	if len(listed) != len(files)-1 {
		t.Errorf("manifest lists %d files, the zip holds %d besides it", len(listed), len(files)-1)
	}
	return files
}

// verifyJSON runs on an incident JSON of the pack the check `tandem audit
// verify` runs on the store (incident.Verify), with keys when the chain is keyed.
func verifyJSON(t *testing.T, data []byte, opt incident.VerifyOptions) (reports.ExportJSON, *incident.Mismatch) {
	t.Helper()
	x, err := reports.DecodeExportJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	return x, incident.Verify(x.ID, x.Timeline, x.Head, opt)
}

func TestEvidencePackManifestAndAudit(t *testing.T) {
	e := newAuditEnv(t)
	out := filepath.Join(t.TempDir(), "pack.zip")
	code, stdout, stderr := e.run(t, "evidence", "--from", "2026-11-01", "--to", "2026-12-31", "--out", out)
	if code != 0 || !strings.Contains(stdout, "INC-1: OK 7 entries") || !strings.Contains(stdout, "INC-2: OK 4 entries") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	files := readPack(t, out)
	msum := sha256.Sum256(files[evidence.ManifestName])
	if !strings.Contains(stdout, evidence.ManifestName+" (SHA-256 "+hex.EncodeToString(msum[:])+": ") {
		t.Errorf("the manifest's hash is not printed:\n%s", stdout)
	}
	for _, id := range []string{"INC-1", "INC-2"} {
		x, m := verifyJSON(t, files["incidents/"+id+".json"], incident.VerifyOptions{})
		if m != nil || len(x.Timeline) == 0 || x.ID != id {
			t.Errorf("%s.json in the pack: %d entries, verify: %v", id, len(x.Timeline), m)
		}
		if !bytes.HasPrefix(files["incidents/"+id+"-review.md"], []byte("# Post-incident review: "+id+" Disk full\n")) {
			t.Errorf("%s review:\n%s", id, files["incidents/"+id+"-review.md"])
		}
	}
	if v := string(files["audit/verification.txt"]); !strings.Contains(v, "2 incident(s) checked, 2 OK, 0 failed") {
		t.Errorf("verification.txt:\n%s", v)
	}
	if s := string(files["sla.md"]); !strings.Contains(s, "| sev2 | none | 2/2 (100%) | 2/2 (100%) |") {
		t.Errorf("sla.md:\n%s", s)
	}
	// Alice wrote 5+2 notes and both resolutions; monitoring opened both.
	if a := string(files["actors.csv"]); !strings.Contains(a, "internal,Alice,slack,U01ALICE,2,9,note=7 resolved=2\nsystem,monitoring,monitoring,,2,2,opened=2\n") {
		t.Errorf("actors.csv:\n%s", a)
	}
	var pol map[string]string
	json.Unmarshal(files["policy/policy.json"], &pol)
	sum := sha256.Sum256(files["policy/config.yaml"])
	if pol["config_sha256"] != hex.EncodeToString(sum[:]) || pol["source_file"] != e.path || len(pol["source_sha256"]) != 64 {
		t.Errorf("policy.json: %v", pol)
	}
	if !bytes.Contains(files["policy/config.yaml"], []byte("ladders:")) {
		t.Errorf("config.yaml has no ladders:\n%s", files["policy/config.yaml"])
	}
}

func TestEvidencePackSaysTampered(t *testing.T) {
	e := newAuditEnv(t)
	ids, orig := e.entries(t, "INC-1")
	var m map[string]any
	json.Unmarshal([]byte(orig[1]), &m)
	m["details"].(map[string]any)["text"] = "nothing to see"
	b, _ := json.Marshal(m)
	raw := append([]string(nil), orig...)
	raw[1] = string(b)
	e.rewrite(ids, raw)

	out := filepath.Join(t.TempDir(), "pack.zip")
	code, stdout, _ := e.run(t, "evidence", "--from", "2026-12-01", "--to", "2026-12-01", "--out", out)
	const finding = "INC-1: FAIL entry 2 (note at 2026-12-01T16:01:00Z): its content hashes to"
	if code != 1 || !strings.Contains(stdout, finding) || !strings.Contains(stdout, "INC-2: OK 4 entries") ||
		!strings.Contains(stdout, "AUDIT FAILED for 1 incident(s): [INC-1]") {
		t.Fatalf("exit %d, want 1 naming INC-1 entry 2:\n%s", code, stdout)
	}
	files := readPack(t, out) // the pack is written all the same: it is the record of the finding
	if v := string(files["audit/verification.txt"]); !strings.Contains(v, finding) || !strings.Contains(v, "2 incident(s) checked, 1 OK, 1 failed") {
		t.Errorf("verification.txt:\n%s", v)
	}
	if r := string(files["README.txt"]); !strings.Contains(r, "Audit chain: 1 verified, 1 FAILED") {
		t.Errorf("README.txt:\n%s", r)
	}
	if _, m := verifyJSON(t, files["incidents/INC-1.json"], incident.VerifyOptions{}); m == nil || m.Position != 2 {
		t.Errorf("the tampered INC-1.json verifies: %v", m)
	}

	// An entry that is no longer an event at all: named, and the JSON
	// holds the six entries that can still be read.
	raw = append([]string(nil), orig...)
	raw[3] = "{broken"
	e.rewrite(ids, raw)
	code, stdout, _ = e.run(t, "evidence", "--from", "2026-12-01", "--to", "2026-12-01", "--out", out)
	if code != 1 || !strings.Contains(stdout, "INC-1: FAIL entry 4 (unreadable): stream entry "+ids[3]+" cannot be read") {
		t.Fatalf("unreadable entry: exit %d\n%s", code, stdout)
	}
	if x, m := verifyJSON(t, readPack(t, out)["incidents/INC-1.json"], incident.VerifyOptions{}); len(x.Timeline) != 6 || m == nil || m.Position != 4 {
		t.Errorf("INC-1.json with an unreadable entry: %d entries, %v", len(x.Timeline), m)
	}
}

func TestEvidencePackKeyedHoldsNoSecrets(t *testing.T) {
	e, anchors := newKeyedAuditEnv(t)
	if code, out, errOut := e.run(t, "audit", "anchor"); code != 0 {
		t.Fatalf("anchor: exit %d\n%s%s", code, out, errOut)
	}
	out := filepath.Join(t.TempDir(), "pack.zip")
	code, stdout, stderr := e.run(t, "evidence", "--from", "2026-12-01T00:00:00Z", "--to", "2026-12-02T00:00:00Z", "--out", out)
	if code != 0 || !strings.Contains(stdout, "INC-1: OK 5 entries") || !strings.Contains(stdout, ", keyed k-") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	files := readPack(t, out)
	for name, data := range files {
		// The audit key (an _env secret) and the API token (a _file secret).
		for _, secret := range []string{testAuditKey, "s3cret"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds the secret %q", name, secret)
			}
		}
	}
	tokenFile := filepath.Join(filepath.Dir(e.path), "token")
	for _, want := range []string{"\naudit:\n  key:\n    - '<secret: env TANDEM_TEST_AUDIT_KEY>'\n", "\n  token: '<secret: file " + tokenFile + ">'\n"} {
		if !bytes.Contains(files["policy/config.yaml"], []byte(want)) {
			t.Errorf("config.yaml does not show %q:\n%s", want, files["policy/config.yaml"])
		}
	}
	x, err := archive.ReadAnchors(anchors)
	if err != nil || !bytes.Equal(files["audit/anchors.jsonl"], mustRead(t, anchors)) {
		t.Fatalf("anchors.jsonl is not the anchor file: %v", err)
	}
	ring, _ := incident.NewKeyring([]string{testAuditKey})
	for _, id := range []string{"INC-1", "INC-2"} {
		anc := x.Latest[id]
		if _, m := verifyJSON(t, files["incidents/"+id+".json"], incident.VerifyOptions{Keys: ring, Anchor: anc.Head, AnchorAt: anc.At}); m != nil {
			t.Errorf("%s.json with the key and the pack's anchors: %v", id, m)
		}
	}

	// A forger with Redis but not the key recomputes the chain: the pack says so.
	e.forge(t, nil, "")
	code, stdout, _ = e.run(t, "evidence", "--from", "2026-12-01", "--to", "2026-12-01", "--out", out)
	if code != 1 || !strings.Contains(stdout, "INC-1: FAIL entry 1 (opened") {
		t.Fatalf("forged: exit %d\n%s", code, stdout)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEvidenceCommandLine(t *testing.T) {
	if code, out, _ := runCLI("evidence", "-h"); code != 0 || !strings.Contains(out, "usage: tandem evidence --out FILE.zip [--from DATE] [--to DATE]") {
		t.Errorf("evidence -h: exit %d\n%s", code, out)
	}
	if code, out, _ := runCLI("help"); code != 0 || !strings.Contains(out, "tandem evidence --out FILE.zip") {
		t.Errorf("help does not list evidence: exit %d", code)
	}
	e := newAuditEnv(t)
	out := filepath.Join(t.TempDir(), "pack.zip")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"evidence"}, 2, "usage: tandem evidence"},
		{[]string{"evidence", "extra", "--out", out}, 2, "usage: tandem evidence"},
		{[]string{"evidence", "--out", out, "--from", "yesterday"}, 2, `"yesterday" is neither a date`},
		{[]string{"evidence", "--out", out, "--from", "2026-12-02", "--to", "2026-12-01"}, 2, "is not before its end"},
		{[]string{"evidence", "--out", filepath.Join(t.TempDir(), "no", "such", "dir.zip")}, 1, "tandem evidence:"},
	} {
		if code, _, errOut := e.run(t, tt.args...); code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused command left %s behind (%v)", out, err)
	}
}

// An anchored incident deleted from Redis (its hash, timeline and indexes)
// is not silently left out of the pack: `tandem audit verify --all` calls
// it MISSING, and so do the pack and the command, which exits 1.
func TestEvidencePackNamesADeletedIncident(t *testing.T) {
	e, _ := newKeyedAuditEnv(t)
	if code, out, errOut := e.run(t, "audit", "anchor"); code != 0 {
		t.Fatalf("anchor: exit %d\n%s%s", code, out, errOut)
	}
	for _, k := range []string{"inc:INC-2", "tl:INC-2"} {
		e.raw.do("DEL", e.prefix+"{default}:"+k)
	}
	for _, k := range []string{"idx:open", "idx:acked", "idx:resolved", "idx:opened"} {
		e.raw.do("ZREM", e.prefix+"{default}:"+k, "INC-2")
	}
	out := filepath.Join(t.TempDir(), "pack.zip")
	code, stdout, _ := e.run(t, "evidence", "--from", "2026-12-01", "--to", "2026-12-01", "--out", out)
	const finding = "INC-2: MISSING (anchored "
	if code != 1 || !strings.Contains(stdout, finding) || !strings.Contains(stdout, "INC-1: OK") ||
		!strings.Contains(stdout, "AUDIT FAILED for 1 incident(s): [INC-2]") {
		t.Fatalf("exit %d, want 1 naming INC-2 as missing:\n%s", code, stdout)
	}
	files := readPack(t, out)
	if v := string(files["audit/verification.txt"]); !strings.Contains(v, finding) || !strings.Contains(v, "in neither Redis nor the retention archive: deleted") {
		t.Errorf("verification.txt:\n%s", v)
	}
	if r := string(files["README.txt"]); !strings.Contains(r, "1 FAILED") {
		t.Errorf("README.txt:\n%s", r)
	}
}
