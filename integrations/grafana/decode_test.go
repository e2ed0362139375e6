package grafana

import (
	"reflect"
	"testing"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/sourcetest"
)

const playSilence = "https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3D"

func exampleAlerts(t *testing.T, status incident.AlertStatus, ends ...string) []incident.Alert {
	zone := func(name, zone, what, fp, rule, silence, starts string) incident.Alert {
		return incident.Alert{Fingerprint: fp, Status: status, Name: name,
			Summary: "This alert was triggered for zone " + zone,
			Labels:  map[string]string{"alertname": name, "team": "blue", "zone": zone},
			Annotations: map[string]string{"description": "The system has high " + what + " usage",
				"runbook_url": "https://myrunbook.com/runbook/1234", "summary": "This alert was triggered for zone " + zone},
			StartsAt: sourcetest.Time(t, starts),
			Links: []incident.Link{
				{Href: "https://play.grafana.org/alerting/" + rule + "/edit", Text: "Source"},
				{Href: "https://myrunbook.com/runbook/1234", Text: "Runbook"},
				{Href: playSilence + silence + "%2Cteam%3Dblue%2Czone%3D" + zone, Text: "Silence"},
			}}
	}
	alerts := []incident.Alert{
		zone("High memory usage", "us-1", "memory", "c6eadffa33fcdf37", "1afz29v7z", "T2", "2021-10-12T09:51:03.157076+02:00"),
		zone("High CPU usage", "eu-1", "CPU", "bc97ff14869b13e3", "d1rdpdv7k", "T1", "2021-10-12T09:56:03.157076+02:00"),
	}
	for i, e := range ends {
		alerts[i].EndsAt = sourcetest.Time(t, e)
	}
	return alerts
}

func wantFixtures(t *testing.T) map[string]incident.AlertGroup {
	grafanaLink := []incident.Link{{Href: "https://play.grafana.org/", Text: "Grafana"}}
	bk := "https://grafana.example.com/"
	return map[string]incident.AlertGroup{
		// Grafana's default title with empty group labels leaves "(blue)":
		// the common labels that are not group labels.
		"example-firing.json": {Source: "grafana", Key: "org:1:{}:{}", Title: "(blue)",
			Alerts: exampleAlerts(t, incident.AlertFiring), Links: grafanaLink},
		"example-resolved.json": {Source: "grafana", Key: "org:1:{}:{}", Title: "(blue)",
			Alerts: exampleAlerts(t, incident.AlertResolved, "2021-10-12T08:06:03.157076Z", "2021-10-12T08:11:03.157076Z"),
			Links:  grafanaLink},
		"minimal.json": {Source: "grafana", Key: `org:3:{}/{grafana_folder="Network"}:{alertname="WANDown"}`, Title: "WANDown",
			Alerts: []incident.Alert{{Fingerprint: "9f8e7d6c5b4a3921", Status: incident.AlertFiring, Name: "WANDown",
				Summary: "WANDown", Labels: map[string]string{"alertname": "WANDown", "grafana_folder": "Network"}}}},
		"dashboard-links.json": {Source: "grafana",
			Key:   `org:2:{}/{}:{alertname="BackupFailed", grafana_folder="Backup"}`,
			Title: "BackupFailed Backup (error backup veeam-01)", Service: "backup", Severity: incident.Sev2,
			Alerts: []incident.Alert{{Fingerprint: "1a2b3c4d5e6f7081", Status: incident.AlertFiring, Name: "BackupFailed",
				Summary: "Nightly backup job failed on veeam-01",
				Labels: map[string]string{"alertname": "BackupFailed", "grafana_folder": "Backup", "service": "backup",
					"severity": "error", "host": "veeam-01"},
				Annotations: map[string]string{"summary": "Nightly backup job failed on veeam-01"},
				StartsAt:    sourcetest.Time(t, "2026-11-27T02:15:00Z"),
				Links: []incident.Link{
					{Href: bk + "alerting/grafana/bk-rule/view?orgId=2", Text: "Source"},
					{Href: bk + "d/bk1?orgId=2", Text: "Dashboard"},
					{Href: bk + "d/bk1?orgId=2&viewPanel=4", Text: "Panel"},
					{Href: bk + "alerting/silence/new?alertmanager=grafana&matcher=__alert_rule_uid__%3Dbk-rule&orgId=2", Text: "Silence"},
					{Href: bk + "public/img/attachments/abc.png", Text: "Image"},
				}}},
			Links: []incident.Link{{Href: bk, Text: "Grafana"}}},
	}
}

func TestDecodeFixtures(t *testing.T) {
	want := wantFixtures(t)
	for name, body := range sourcetest.Fixtures(t) {
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("testdata/%s has no expectation in wantFixtures", name)
			}
			got, err := Decode(body, Options{})
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("Decode:\n got %#v\nwant %#v", got, w)
			}
			again, _ := Decode(body, Options{})
			if !reflect.DeepEqual(got, again) {
				t.Error("second Decode of the same body differs")
			}
		})
	}
}

func TestFiringAndResolvedShareTheIncident(t *testing.T) {
	f := sourcetest.Fixtures(t)
	firing, err1 := Decode(f["example-firing.json"], Options{})
	resolved, err2 := Decode(f["example-resolved.json"], Options{})
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if firing.Key != resolved.Key || !firing.Firing() || resolved.Firing() {
		t.Errorf("keys %q %q, firing %v %v", firing.Key, resolved.Key, firing.Firing(), resolved.Firing())
	}
	for i := range firing.Alerts {
		if firing.Alerts[i].Fingerprint != resolved.Alerts[i].Fingerprint {
			t.Errorf("alert %d fingerprint changed", i)
		}
	}
}

func TestOrgsNeverMerge(t *testing.T) {
	body := func(org string) []byte {
		return []byte(`{"version":"1","orgId":` + org + `,"groupKey":"{}:{}","alerts":[{"status":"firing","fingerprint":"f"}]}`)
	}
	a, _ := Decode(body("1"), Options{})
	b, _ := Decode(body("2"), Options{})
	if a.Key == b.Key || a.Key != "org:1:{}:{}" {
		t.Errorf("keys %q and %q", a.Key, b.Key)
	}
}

func TestStripStatus(t *testing.T) {
	tests := map[string]string{
		"[FIRING:2]  (blue)":           "(blue)",
		"[FIRING:12] DiskFull (nas-1)": "DiskFull (nas-1)",
		"[RESOLVED] DiskFull":          "DiskFull",
		"  [RESOLVED]":                 "",
		"[FIRING:2]":                   "",
		"Disk [FIRING:2] full":         "Disk [FIRING:2] full",
		"[firing:2] lower case":        "[firing:2] lower case",
		"My custom title":              "My custom title",
	}
	for in, want := range tests {
		if got := stripStatus(in); got != want {
			t.Errorf("stripStatus(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTitleFallsBackWhenOnlyThePrefix(t *testing.T) {
	body := `{"version":"1","orgId":1,"groupKey":"k","title":"[FIRING:1] ","alerts":[` +
		`{"status":"firing","fingerprint":"f","labels":{"alertname":"A"},"annotations":{"summary":"Disk full"}}]}`
	g, err := Decode([]byte(body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g.Title != "Disk full" {
		t.Errorf("title %q", g.Title)
	}
}

func TestSeverityAndServiceOptions(t *testing.T) {
	body := `{"version":"1","orgId":1,"groupKey":"k","commonLabels":{"app":"web","priority":"warning","severity":"bogus"},` +
		`"alerts":[{"status":"firing","fingerprint":"f"}]}`
	tests := []struct {
		opt     Options
		service string
		sev     incident.Severity
	}{
		{Options{}, "", 0},
		{Options{ServiceLabels: []string{"app"}, SeverityLabels: []string{"severity", "priority"}}, "web", incident.Sev3},
	}
	for _, tt := range tests {
		g, err := Decode([]byte(body), tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		if g.Service != tt.service || g.Severity != tt.sev {
			t.Errorf("%+v: service %q severity %v, want %q %v", tt.opt, g.Service, g.Severity, tt.service, tt.sev)
		}
	}
}
