package bot_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// max_alerts holds across payloads of one group: the alerts past it are
// counted on the card ("+N alerts not stored") and in the metric, and the
// source's redelivery of the whole group does not count them twice. The
// payload itself has no alert limit any more.
func TestMaxAlertsShownOnCardAndMetric(t *testing.T) {
	url := redistest.URL(t)
	yaml := testYAML(t, url, "  alertmanager: {token_env: AM_TOKEN, max_alerts: 3}\n")
	b := bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: bottest.NewClock(tuesday10).Now})
	am := map[string]string{"Authorization": "Bearer am-token"}
	for _, n := range []int{2, 7, 7} { // the first fits, the second adds 1 stored and 4 not, the third repeats
		if code, body := bottest.Do(t, "POST", b.URL+"/webhooks/alertmanager", amBatch(1, 0, n), am); code != 202 {
			t.Fatalf("%d alerts: %d %s", n, code, body)
		}
	}
	inc := incidentJSON(t, b, "INC-1")
	alerts := inc["alerts"].(map[string]any)
	if alerts["firing"] != 3.0 || alerts["not_stored"] != 4.0 {
		t.Fatalf("alerts %v; want 3 firing and 4 not stored", alerts)
	}
	if n := strings.Count(strings.Join(kinds(inc), " "), "alert.firing"); n != 3 {
		t.Fatalf("%d alert.firing entries; want 3", n)
	}
	bottest.Eventually(t, 30*time.Second, func() bool {
		return strings.Contains(b.Out.String(), "Alerts: 3 firing, 0 resolved, +4 alerts not stored")
	}, "the card shows the alerts not stored")
	if got := scrape(t, b)[`tandem_alerts_not_stored_total{source="alertmanager"}`]; got != 4 {
		t.Fatalf("tandem_alerts_not_stored_total = %v, want 4", got)
	}
}

// Every monitoring source honours its own max_new_per_minute: the generic
// and Grafana endpoints, each with a limit of 2, fold their third and later
// new groups of the minute into a storm incident of their own.
func TestStormGuardOnEverySource(t *testing.T) {
	url := redistest.URL(t)
	yaml := strings.Replace(testYAML(t, url, "  grafana: {token_env: AM_TOKEN, max_new_per_minute: 2}\n"),
		"generic: {token_env: TOKEN, hmac_secret_env: HMAC}", "generic: {token_env: TOKEN, hmac_secret_env: HMAC, max_new_per_minute: 2}", 1)
	b := bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{Now: newHeldClock(tuesday10).Now})
	deliver := func(path, body, token string) string {
		t.Helper()
		code, resp := bottest.Do(t, "POST", b.URL+path, body, map[string]string{"Authorization": "Bearer " + token})
		var out struct{ Incidents []string }
		if code != 202 || json.Unmarshal([]byte(resp), &out) != nil || len(out.Incidents) != 1 {
			t.Fatalf("POST %s: %d %s", path, code, resp)
		}
		return out.Incidents[0]
	}
	for _, src := range []struct{ name, path, token, body string }{
		{"generic", "/webhooks/generic", "s3cret", `{"summary":"down %d","dedup_key":"k%d","service":"database"}`},
		{"grafana", "/webhooks/grafana", "am-token", `{"version":"1","orgId":3,"groupKey":"g%d","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"WANDown"},"fingerprint":"f%d"}]}`},
	} {
		var ids []string
		for i := range 5 {
			body := fmt.Sprintf(src.body, i, i)
			ids = append(ids, deliver(src.path, body, src.token))
		}
		if ids[0] == ids[1] || ids[2] == ids[1] || ids[2] != ids[3] || ids[3] != ids[4] {
			t.Fatalf("%s: incidents %v; want two of their own, then one storm incident", src.name, ids)
		}
		title := incidentJSON(t, b, ids[2])["title"].(string)
		if !strings.HasPrefix(title, "Alert storm from "+src.name+": 3 alerts from 3 groups (") {
			t.Fatalf("%s storm incident title %q", src.name, title)
		}
	}
}
