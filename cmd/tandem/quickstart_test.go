package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// docs/quickstart.md, automated: tandem init, tandem doctor (all green),
// tandem serve as a process, a real Alertmanager configured with the
// snippet doctor printed, an alert posted to it: PagerDuty gets a trigger
// on a team's routing key and Slack gets the incident's room. The run's
// duration is logged (go test -v): docs/quickstart.md quotes it.
func TestQuickstart(t *testing.T) {
	began := time.Now()
	binary := findAlertmanager(t)
	w := newInitWorld(t)
	code, out, errOut := runCLI("doctor", "--config", w.path)
	if code != 0 {
		t.Fatalf("doctor: exit %d\n%s%s", code, out, errOut)
	}
	tandem := startTandem(t, "serve", "--config", w.path)
	waitHealthy(t, w.base, tandem)

	dir := t.TempDir()
	snippet := strings.Replace(amSnippet(t, out), "/etc/alertmanager/tandem-token", filepath.Join(dir, "token"), 1)
	// Alertmanager waits 30 s (group_wait) before its first notification of
	// a group; the test shortens it. The rest is doctor's snippet as printed.
	snippet = strings.Replace(snippet, "  group_by: [alertname, service]\n", "  group_by: [alertname, service]\n  group_wait: 1s\n", 1)
	amURL := startAlertmanager(t, binary, dir, snippet)

	code, body := bottest.Do(t, "POST", amURL+"/api/v2/alerts",
		`[{"labels":{"alertname":"DiskFull","service":"default","severity":"critical","instance":"db-01"},"annotations":{"summary":"Disk full on db-01"}}]`,
		map[string]string{"Content-Type": "application/json"})
	if code != 200 {
		t.Fatalf("post to alertmanager: %d %s", code, body)
	}
	bottest.Eventually(t, 30*time.Second, func() bool { return len(w.pd.EventsFor("trigger", "")) > 0 },
		"a PagerDuty trigger; tandem:\n%s", tandem.output())
	page := w.pd.EventsFor("trigger", "")[0]
	if page.RoutingKey != keyIT && page.RoutingKey != keyMSP {
		t.Errorf("paged routing key %q, want one of the teams'", page.RoutingKey)
	}
	bottest.Eventually(t, 30*time.Second, func() bool {
		for _, ch := range w.slack.Channels() {
			if strings.HasPrefix(ch.Name, "inc-1-") && len(w.slack.Messages(ch.ID)) > 0 {
				return true
			}
		}
		return false
	}, "the incident's Slack room with its card; tandem:\n%s", tandem.output())
	t.Logf("quick-start, init to page and room: %v", time.Since(began).Round(10*time.Millisecond))
}

// amSnippet is the alertmanager.yml doctor printed, without its indent.
func amSnippet(t *testing.T, out string) string {
	t.Helper()
	_, rest, ok := strings.Cut(out, "in alertmanager.yml:\n")
	if !ok {
		t.Fatalf("no Alertmanager snippet in:\n%s", out)
	}
	var b strings.Builder
	for l := range strings.Lines(rest) {
		body, indented := strings.CutPrefix(l, "    ")
		if !indented {
			break
		}
		b.WriteString(body)
	}
	return b.String()
}

func findAlertmanager(t *testing.T) string {
	t.Helper()
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

// startAlertmanager runs Alertmanager with config in dir (where its token
// file goes too) and returns its URL once ready.
func startAlertmanager(t *testing.T, binary, dir, config string) string {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "token"), []byte("am-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "am.yml"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	am := exec.Command(binary, "--config.file="+filepath.Join(dir, "am.yml"), "--storage.path="+dir,
		"--web.listen-address="+addr, "--cluster.listen-address=", "--log.level=warn")
	log := &bottest.Buffer{}
	am.Stdout, am.Stderr = log, log
	if err := am.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { am.Process.Kill(); am.Wait() })
	url := "http://" + addr
	bottest.Eventually(t, 15*time.Second, func() bool { return bottest.Status(url+"/-/ready") == 200 }, "alertmanager ready: %s", log)
	return url
}
