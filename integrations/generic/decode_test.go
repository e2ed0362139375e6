package generic

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/sourcetest"
)

func group(key, title, service string, sev incident.Severity, st incident.AlertStatus, labels map[string]string, links []incident.Link) incident.AlertGroup {
	return incident.AlertGroup{Source: "generic", Key: key, Title: title, Service: service, Severity: sev,
		Alerts: []incident.Alert{{Fingerprint: key, Status: st, Summary: title, Labels: labels, Links: links}},
		Links:  links}
}

func derivedKey(source, service, summary string) string {
	sum := sha256.Sum256([]byte(source + "\x00" + service + "\x00" + summary))
	return "sha256:" + hex.EncodeToString(sum[:])
}

const backup = "Backup job nightly-nas failed on veeam-01"

var wantFixtures = map[string]incident.AlertGroup{
	"full.json": group("veeam-01/nightly-nas", backup, "backup", incident.Sev2, incident.AlertFiring,
		map[string]string{"job": "nightly-nas", "attempt": "3", "size_gb": "412.50", "retrying": "false",
			"targets": `["nas-01","nas-02"]`, "window": `{"start":"01:00","end":"05:00"}`, "source": "veeam"},
		[]incident.Link{{Href: "https://veeam.example.com/jobs/nightly-nas", Text: "Job"},
			{Href: "https://wiki.example.com/runbooks/backup"}}),
	"minimal.json": group(derivedKey("", "", "Printer queue stuck on floor 3"), "Printer queue stuck on floor 3",
		"", 0, incident.AlertFiring, nil, nil),
	"resolved.json": group("veeam-01/nightly-nas", backup, "", 0, incident.AlertResolved,
		map[string]string{"source": "veeam", "note": "rerun succeeded"}, nil),
}

func TestDecodeFixtures(t *testing.T) {
	for name, body := range sourcetest.Fixtures(t) {
		t.Run(name, func(t *testing.T) {
			want, ok := wantFixtures[name]
			if !ok {
				t.Fatalf("testdata/%s has no expectation in wantFixtures", name)
			}
			got, err := Decode(body)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Decode:\n got %#v\nwant %#v", got, want)
			}
		})
	}
}

func TestDerivedKey(t *testing.T) {
	decode := func(body string) incident.AlertGroup {
		t.Helper()
		g, err := Decode([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	fire := decode(`{"summary":" Disk full ","source":"nagios","service":"nas"}`)
	resolve := decode(`{"summary":"Disk full","source":"nagios","service":"nas","status":"resolved","details":{"x":1}}`)
	if fire.Key != resolve.Key || fire.Key != derivedKey("nagios", "nas", "Disk full") {
		t.Errorf("same summary/source/service must share a key: %q %q", fire.Key, resolve.Key)
	}
	for _, other := range []string{
		`{"summary":"Disk full","source":"zabbix","service":"nas"}`,
		`{"summary":"Disk full","source":"nagios","service":"backup"}`,
		`{"summary":"Disk fuller","source":"nagios","service":"nas"}`,
		// The separator keeps field boundaries: "nagios"+"nas" ≠ "nagiosn"+"as".
		`{"summary":"Disk full","source":"nagiosn","service":"as"}`,
	} {
		if g := decode(other); g.Key == fire.Key {
			t.Errorf("%s shares key %q", other, g.Key)
		}
	}
	if g := decode(`{"summary":"Disk full","dedup_key":" k "}`); g.Key != " k " || g.Alerts[0].Fingerprint != " k " {
		t.Errorf("dedup_key must be kept byte for byte, got %q", g.Key)
	}
}

func TestSeverityMapping(t *testing.T) {
	tests := map[string]incident.Severity{
		"sev1": incident.Sev1, "critical": incident.Sev1, "1": incident.Sev1, "CRITICAL": incident.Sev1,
		"sev2": incident.Sev2, "error": incident.Sev2, "major": incident.Sev2,
		"sev3": incident.Sev3, "warning": incident.Sev3,
		"sev4": incident.Sev4, "info": incident.Sev4,
		"": 0,
	}
	for value, want := range tests {
		g, err := Decode([]byte(`{"summary":"s","severity":"` + value + `"}`))
		if err != nil {
			t.Fatalf("%q: %v", value, err)
		}
		if g.Severity != want {
			t.Errorf("%q: got %v, want %v", value, g.Severity, want)
		}
	}
}

func TestNullsAreAbsent(t *testing.T) {
	g, err := Decode([]byte(`{"summary":"s","dedup_key":null,"status":null,"severity":null,"service":null,"source":null,"details":null,"links":null}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := group(derivedKey("", "", "s"), "s", "", 0, incident.AlertFiring, nil, nil); !reflect.DeepEqual(g, want) {
		t.Errorf("got %#v", g)
	}
}

// started_at is the alert's start (time to detect); it must be RFC 3339.
func TestStartedAt(t *testing.T) {
	g, err := Decode([]byte(`{"summary":"s","started_at":"2026-03-02T15:05:00+01:00"}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC); !g.Alerts[0].StartsAt.Equal(want) {
		t.Fatalf("starts at %v, want %v", g.Alerts[0].StartsAt, want)
	}
	_, err = Decode([]byte(`{"summary":"s","started_at":"yesterday"}`))
	if err == nil || !strings.Contains(err.Error(), `started_at: "yesterday" is not an RFC 3339 time`) {
		t.Fatalf("bad started_at: %v", err)
	}
}
