package alertmanager

import (
	"reflect"
	"testing"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/sourcetest"
)

const pgKey = `{}:{alertname="PostgresReplicationLag", service="database"}`

func pgLabels(instance string) map[string]string {
	return map[string]string{"alertname": "PostgresReplicationLag", "instance": instance,
		"service": "database", "severity": "critical", "team": "acme-it"}
}

var (
	amLink    = incident.Link{Href: "http://vm:19094", Text: "Alertmanager"}
	db02Src   = incident.Link{Href: "http://prometheus.example.com:9090/graph?g0.expr=pg_replication_lag_seconds+%3E+30", Text: "Source"}
	db03Src   = incident.Link{Href: "http://prometheus.example.com:9090/graph", Text: "Source"}
	runbook   = incident.Link{Href: "https://runbooks.example.com/postgres/replication-lag", Text: "Runbook"}
	db02Notes = map[string]string{
		"description": "pg_replication_lag_seconds > 30 for 5m",
		"runbook_url": "https://runbooks.example.com/postgres/replication-lag",
		"summary":     "Replica db-02 is 45s behind primary",
	}
	db03Notes = map[string]string{"summary": "Replica db-03 is 38s behind primary"}
)

// wantFixtures is what each testdata file must decode to.
func wantFixtures(t *testing.T) map[string]incident.AlertGroup {
	fired := sourcetest.Time(t, "2026-11-26T23:32:40.800178474Z")
	flat := sourcetest.Time(t, "2026-11-26T23:32:40Z")
	db02 := incident.Alert{Fingerprint: "55bde9532afc2b65", Status: incident.AlertFiring,
		Name: "PostgresReplicationLag", Summary: "Replica db-02 is 45s behind primary",
		Labels: pgLabels("db-02:9187"), Annotations: db02Notes, StartsAt: fired,
		Links: []incident.Link{db02Src, runbook}}
	db03 := incident.Alert{Fingerprint: "6a9fae47f01cc6b2", Status: incident.AlertFiring,
		Name: "PostgresReplicationLag", Summary: "Replica db-03 is 38s behind primary",
		Labels: pgLabels("db-03:9187"), Annotations: db03Notes, StartsAt: fired,
		Links: []incident.Link{db03Src}}
	db02Resolved := db02
	db02Resolved.Status, db02Resolved.StartsAt, db02Resolved.EndsAt = incident.AlertResolved, flat, flat
	db03Resolved := db03
	db03Resolved.Status, db03Resolved.StartsAt, db03Resolved.EndsAt = incident.AlertResolved, flat, flat

	pg := func(title string, alerts ...incident.Alert) incident.AlertGroup {
		return incident.AlertGroup{Source: "alertmanager", Key: pgKey, Title: title, Service: "database",
			Severity: incident.Sev1, Alerts: alerts, Links: []incident.Link{amLink}}
	}
	disk := func(host, pct, fp string) incident.Alert {
		return incident.Alert{Fingerprint: fp, Status: incident.AlertFiring, Name: "DiskFull",
			Summary:     host + " volume 1 at " + pct,
			Labels:      map[string]string{"alertname": "DiskFull", "instance": host, "service": "storage", "severity": "warning"},
			Annotations: map[string]string{"summary": host + " volume 1 at " + pct},
			StartsAt:    sourcetest.Time(t, "2026-11-26T23:32:40.806152976Z")}
	}
	nas := func(name, sev, svc, fp string, st incident.AlertStatus, starts, ends string) incident.Alert {
		a := incident.Alert{Fingerprint: fp, Status: st, Name: name, Summary: name,
			Labels:   map[string]string{"alertname": name, "service": svc, "severity": sev, "team": "storage"},
			StartsAt: sourcetest.Time(t, starts)}
		if ends != "" {
			a.EndsAt = sourcetest.Time(t, ends)
		}
		return a
	}
	mixedNames := nas("DiskFull", "warning", "nas", "a000000000000001", incident.AlertFiring, "2026-11-26T23:32:40.5Z", "")
	mixedNames.Annotations = map[string]string{}

	return map[string]incident.AlertGroup{
		"firing-group-of-2.json":  pg("Replica db-02 is 45s behind primary", db02, db03),
		"mixed-one-resolved.json": pg("Replica db-03 is 38s behind primary", db02Resolved, db03),
		// Alertmanager sent the resolved db-02 in the previous delivery, so
		// the capture holds db-03 alone.
		"all-resolved.json": pg("Replica db-03 is 38s behind primary", db03Resolved),
		"firing-truncated.json": {Source: "alertmanager",
			Key:   `{}/{service="storage"}:{alertname="DiskFull", service="storage"}`,
			Title: "nas-01 volume 1 at 95%", Service: "storage", Severity: incident.Sev3,
			Alerts: []incident.Alert{disk("nas-01", "95%", "6021a2fb81ece87e"), disk("nas-02", "93%", "28dbf4bb913420fb")},
			Links:  []incident.Link{amLink}},
		"minimal.json": {Source: "alertmanager", Key: `{}:{alertname="HostDown"}`, Title: "HostDown",
			Alerts: []incident.Alert{{Fingerprint: "0f1e2d3c4b5a6978", Status: incident.AlertFiring,
				Name: "HostDown", Summary: "HostDown", Labels: map[string]string{"alertname": "HostDown"}}}},
		"mixed-names-no-annotations.json": {Source: "alertmanager", Key: `{}:{team="storage"}`,
			Title: "DiskFull and 2 more", Service: "nas", Severity: incident.Sev1,
			Alerts: []incident.Alert{mixedNames,
				nas("InodesFull", "critical", "nas", "a000000000000002", incident.AlertFiring, "2026-11-26T23:32:41Z", ""),
				nas("ReadOnlyFS", "page", "backup", "a000000000000003", incident.AlertResolved, "2026-11-26T23:30:00Z", "2026-11-26T23:31:00Z"),
			}},
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
			// A repeated delivery must map to exactly the same group.
			again, _ := Decode(body, Options{})
			if !reflect.DeepEqual(got, again) {
				t.Error("second Decode of the same body differs")
			}
		})
	}
}

func TestDecodeFiringGroupOfTwo(t *testing.T) {
	g, err := Decode(sourcetest.Fixtures(t)["firing-group-of-2.json"], Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Alerts) != 2 || g.Alerts[0].Fingerprint == g.Alerts[1].Fingerprint || !g.Firing() {
		t.Errorf("want 2 distinct firing alerts, got %+v", g.Alerts)
	}
	if g.Service != "database" || g.Severity != incident.Sev1 {
		t.Errorf("service %q severity %v, want database sev1", g.Service, g.Severity)
	}
	if !g.Alerts[0].EndsAt.IsZero() {
		t.Errorf("endsAt 0001-01-01 must be the zero time, got %v", g.Alerts[0].EndsAt)
	}
}

func TestDecodeAllResolvedIsNotFiring(t *testing.T) {
	g, err := Decode(sourcetest.Fixtures(t)["all-resolved.json"], Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g.Firing() {
		t.Error("an all-resolved group must not be firing")
	}
}
