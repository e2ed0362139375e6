package bot_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// alertmanagerBinary finds Debian's prometheus-alertmanager, skipping (or
// failing under TANDEM_TEST_REQUIRE_REDIS=1, as CI installs it) when absent.
func alertmanagerBinary(t *testing.T) string {
	for _, name := range []string{"prometheus-alertmanager", "alertmanager"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const why = "needs a real Alertmanager: apt-get install prometheus-alertmanager"
	if redistest.Required() {
		t.Fatal(why + " (TANDEM_TEST_REQUIRE_REDIS=1 forbids skipping)")
	}
	t.Skip(why)
	return ""
}

func freeLoopback(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// A real Alertmanager, alerts posted to its own API: exactly one incident
// for the group with its alerts; resolving them in Alertmanager
// auto-resolves the incident.
func TestRealAlertmanager(t *testing.T) {
	binary := alertmanagerBinary(t)
	cfg := bottest.Config(t, testYAML(t, redistest.URL(t), "  alertmanager: {token_env: AM_TOKEN}\n"), testEnv)
	b := bottest.Start(t, cfg, bot.Options{})

	dir := t.TempDir()
	amAddr := freeLoopback(t)
	amConfig := fmt.Sprintf(`route:
  receiver: tandem
  group_by: [alertname, service]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: tandem
    webhook_configs:
      - url: %s/webhooks/alertmanager
        send_resolved: true
        http_config:
          authorization: {type: Bearer, credentials: am-token}
`, b.URL)
	if err := os.WriteFile(filepath.Join(dir, "am.yml"), []byte(amConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	am := exec.Command(binary, "--config.file="+filepath.Join(dir, "am.yml"), "--storage.path="+dir,
		"--web.listen-address="+amAddr, "--cluster.listen-address=", "--log.level=warn")
	amLog := &bottest.Buffer{}
	am.Stdout, am.Stderr = amLog, amLog
	if err := am.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { am.Process.Kill(); am.Wait() })
	amURL := "http://" + amAddr
	bottest.Eventually(t, 15*time.Second, func() bool {
		return bottest.Status(amURL+"/-/ready") == 200
	}, "alertmanager ready: %s", amLog)

	postAlerts := func(endsAt string) {
		var alerts []string
		for _, inst := range []string{"db-02", "db-03"} {
			a := fmt.Sprintf(`{"labels":{"alertname":"PostgresReplicationLag","service":"database","severity":"warning","instance":%q},"annotations":{"summary":"Replication lag on %s"}`, inst, inst)
			if endsAt != "" {
				a += `,"endsAt":"` + endsAt + `"`
			}
			alerts = append(alerts, a+"}")
		}
		code, body := bottest.Do(t, "POST", amURL+"/api/v2/alerts", "["+strings.Join(alerts, ",")+"]", map[string]string{"Content-Type": "application/json"})
		if code != 200 {
			t.Fatalf("post to alertmanager: %d %s", code, body)
		}
	}
	postAlerts("")
	bottest.Eventually(t, 20*time.Second, func() bool {
		code, body := bottest.Do(t, "GET", b.URL+"/api/v1/incidents/INC-1", "", map[string]string{"Authorization": "Bearer api-token"})
		return code == 200 && strings.Contains(body, `"alerts":{"firing":2,"resolved":0}`)
	}, "INC-1 with two firing alerts; alertmanager log: %s", amLog)

	postAlerts(time.Now().Add(-time.Second).UTC().Format(time.RFC3339))
	bottest.Eventually(t, 20*time.Second, func() bool {
		inc := incidentJSON(t, b, "INC-1")
		return inc["status"] == "resolved"
	}, "INC-1 auto-resolved; alertmanager log: %s", amLog)

	inc := incidentJSON(t, b, "INC-1")
	if inc["alerts"].(map[string]any)["resolved"].(float64) != 2 {
		t.Fatalf("alerts %v", inc["alerts"])
	}
	if resolved := findEvent(inc, "resolved"); resolved["actor"].(map[string]any)["name"] != "monitoring" {
		t.Fatalf("resolved by %v", resolved["actor"])
	}
	code, body := bottest.Do(t, "GET", b.URL+"/api/v1/incidents?status=resolved", "", map[string]string{"Authorization": "Bearer api-token"})
	if code != 200 || strings.Count(body, `"id":`) != 1 {
		t.Fatalf("want exactly one incident for the group: %s", body)
	}
}
