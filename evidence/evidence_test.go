package evidence

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

func TestRedactConfigHidesEverySecret(t *testing.T) {
	demo, _ := os.ReadFile("../config/demo.yaml")
	path := filepath.Join(t.TempDir(), "tandem.yaml")
	// A secret declared but not set here: shown as declared, not as unset.
	os.WriteFile(path, append(demo, "\npagerduty: {api_token_env: TANDEM_TEST_EVIDENCE_UNSET}\n"...), 0o600)
	cfg, err := config.Check(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Redis.URL = "redis://tandem:hunter2-redis@redis.internal:6379/0"
	cfg.Redis.Password = config.NewSecret("hunter2-password")
	cfg.Slack.BotToken = config.NewSecret("xoxb-hunter2")
	cfg.Slack.APIURL = "https://slack.example/api/?token=hunter2-query&team=T1"
	cfg.Audit.Key = []config.Secret{config.NewSecret(strings.Repeat("hunter2-key-", 4))}
	out, err := RedactConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("hunter2")) {
		t.Fatalf("a secret is in the rendered config:\n%s", out)
	}
	for _, want := range []string{
		"url: redis://tandem:%3Csecret%3E@redis.internal:6379/0\n", "password: <secret>\n", "bot_token: <secret>\n",
		"api_url: https://slack.example/api/?team=T1&token=%3Csecret%3E\n", "ladders:\n", "sla:\n",
		"api_token: '<secret: env TANDEM_TEST_EVIDENCE_UNSET, not read by this command>'\n",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("rendered config lacks %q", want)
		}
	}
}

func TestRedactURLLeavesOtherTextAlone(t *testing.T) {
	for in, want := range map[string]string{
		"":                             "",
		"just text with :// inside":    "just text with :// inside",
		"https://hooks.example/a?x=1":  "https://hooks.example/a?x=1",
		"rediss://user@host:6380":      "rediss://user@host:6380",
		"https://h/?api_key=abc&x=2":   "https://h/?api_key=%3Csecret%3E&x=2",
		"redis://:pw@127.0.0.1:6379/1": "redis://:%3Csecret%3E@127.0.0.1:6379/1",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	now := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
	p, err := ParsePeriod("2026-10-01", "2026-12-31", now, chicago)
	if err != nil || !p.From.Equal(time.Date(2026, 10, 1, 0, 0, 0, 0, chicago)) || !p.To.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, chicago)) || !p.Made.Equal(now) {
		t.Errorf("dates: %+v %v", p, err)
	}
	p, err = ParsePeriod("", "", now, chicago)
	if err != nil || !p.To.Equal(now) || !p.From.Equal(now.AddDate(0, 0, -90)) {
		t.Errorf("defaults: %+v %v", p, err)
	}
	// 07:00+01:00 is 06:00Z: an empty period.
	_, err = ParsePeriod("2026-12-01T06:00:00Z", "2026-12-01T07:00:00+01:00", now, chicago)
	if err == nil || !strings.Contains(err.Error(), "is not before its end") {
		t.Errorf("empty period: %v", err)
	}
	if _, err := ParsePeriod("last tuesday", "", now, chicago); err == nil || !strings.Contains(err.Error(), `"last tuesday" is neither a date`) {
		t.Errorf("bad date: %v", err)
	}
}

// packInput is a pack of one incident whose timeline was tampered with.
func packInput(t *testing.T) Input {
	at := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	inc, evs, _ := incident.Open("INC-7", incident.Spec{Title: "VPN down", Severity: incident.Sev1, Service: "network"}, incident.Monitoring, at)
	evs, head := incident.Chain("INC-7", "", evs, nil)
	inc.Head = head
	m := incident.Verify("INC-7", evs, "0000", incident.VerifyOptions{})
	return Input{Period: Period{From: at.Add(-time.Hour), To: at.Add(time.Hour), Made: at.Add(2 * time.Hour)},
		Incidents: []Incident{{Incident: inc, Events: evs, Review: []byte("# review\n"), Audit: Audit{Entries: 1, Mismatch: m}}},
		Report:    reports.Compute([]incident.Incident{inc}, at.Add(-time.Hour), at.Add(time.Hour), reports.Rules{}),
		Policy:    Policy{Redacted: []byte("timezone: UTC\n")}}
}

func TestWriteIsDeterministicAndNamesTheFailure(t *testing.T) {
	var a, b bytes.Buffer
	res, err := Write(&a, packInput(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(&b, packInput(t)); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("the same input gave different zips (%v)", err)
	}
	if len(res.Failed) != 1 || res.Failed[0] != "INC-7" || !strings.HasPrefix(res.Verification[0], "INC-7: FAIL after entry 1: the incident's head 0000") {
		t.Errorf("result: %+v", res)
	}
	z, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	want := "README.txt incidents/INC-7-review.md incidents/INC-7.json audit/verification.txt sla.md report.json policy/config.yaml policy/policy.json actors.csv MANIFEST.sha256"
	if strings.Join(names, " ") != want {
		t.Errorf("files:\n%s\nwant\n%s", strings.Join(names, " "), want)
	}
}

func TestWriteRefusesAnEmptyPeriod(t *testing.T) {
	in := packInput(t)
	in.To = in.From
	if _, err := Write(&bytes.Buffer{}, in); err == nil || !strings.Contains(err.Error(), "is not before its end") {
		t.Errorf("err = %v", err)
	}
}
