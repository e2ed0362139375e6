package bot_test

import (
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
