package bot_test

import (
	"encoding/json"
	"testing"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
	"github.com/tandemhq/tandem/sources"
)

// hookSource is a test-only alert source added through the registry alone:
// this file is the only one that names it, and its config key, route and
// options all work. Its body is {"key", "status", "labels"}; service and
// severity come from the labels its options name.
var hookSource = sources.Source{Name: "testhook", Decode: decodeHook, Defaults: sources.Standard()}

func init() { bot.RegisterSource(hookSource) }

func decodeHook(body []byte, opt sources.Options) (incident.AlertGroup, error) {
	var ev struct {
		Key    string
		Status incident.AlertStatus
		Labels map[string]string
	}
	if err := json.Unmarshal(body, &ev); err != nil || ev.Key == "" {
		return incident.AlertGroup{}, incident.Errorf(incident.EInvalid, `body: want {"key": "…", "status": "firing", "labels": {…}}`)
	}
	sev, _ := incident.ParseSeverity(label(ev.Labels, opt.SeverityLabels))
	return incident.AlertGroup{Key: ev.Key, Title: "hook " + ev.Key, Service: label(ev.Labels, opt.ServiceLabels), Severity: sev,
		Alerts: []incident.Alert{{Fingerprint: ev.Key, Status: ev.Status, Summary: ev.Key, Labels: ev.Labels}}}, nil
}

func label(labels map[string]string, names []string) string {
	for _, n := range names {
		if v := labels[n]; v != "" {
			return v
		}
	}
	return ""
}

// A source registered from a test file: sources.testhook is accepted with
// its options, /webhooks/testhook is mounted behind its token, the labels
// reach the decoder and auto_resolve: false reaches the intake.
func TestRegisteredTestSource(t *testing.T) {
	yaml := testYAML(t, redistest.URL(t), "  testhook: {token_env: AM_TOKEN, auto_resolve: false, service_labels: [app], severity_labels: [prio]}\n")
	b := bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{})
	url, hdr := b.URL+"/webhooks/testhook", map[string]string{"Authorization": "Bearer am-token"}
	if code, body := bottest.Do(t, "POST", url, `{"key": "k1"}`, auth); code != 401 {
		t.Fatalf("another source's token: %d %s", code, body)
	}
	code, body := bottest.Do(t, "POST", url, `{"key": "k1", "status": "firing", "labels": {"app": "database", "prio": "sev1"}}`, hdr)
	var resp struct{ Incidents []string }
	if err := json.Unmarshal([]byte(body), &resp); code != 202 || err != nil || len(resp.Incidents) != 1 {
		t.Fatalf("firing: %d %s", code, body)
	}
	id := resp.Incidents[0]
	if inc := incidentJSON(t, b, id); inc["service"] != "database" || inc["severity"] != "sev1" {
		t.Fatalf("labels not honoured: service %v, severity %v", inc["service"], inc["severity"])
	}
	if code, body := bottest.Do(t, "POST", url, `{"key": "k1", "status": "resolved"}`, hdr); code != 202 {
		t.Fatalf("resolved: %d %s", code, body)
	}
	inc := incidentJSON(t, b, id)
	if inc["status"] != "open" || inc["alerts"].(map[string]any)["resolved"] != float64(1) {
		t.Fatalf("auto_resolve: false not honoured: status %v, alerts %v", inc["status"], inc["alerts"])
	}
}
