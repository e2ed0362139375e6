package bot_test

import (
	"encoding/json"
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

// startAlertmanager runs a real Alertmanager with no receivers and returns
// its URL.
func startAlertmanager(t *testing.T) string {
	binary := alertmanagerBinary(t)
	dir := t.TempDir()
	addr := freeLoopback(t)
	conf := "route: {receiver: none}\nreceivers:\n  - name: none\n"
	if err := os.WriteFile(filepath.Join(dir, "am.yml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
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

type amSilence struct {
	ID        string
	Status    struct{ State string }
	CreatedBy string
	Comment   string
	Matchers  []struct {
		Name, Value string
		IsEqual     bool
	}
}

func silencesOf(t *testing.T, amURL string) []amSilence {
	t.Helper()
	code, body := bottest.Do(t, "GET", amURL+"/api/v2/silences", "", nil)
	var out []amSilence
	if code != 200 || json.Unmarshal([]byte(body), &out) != nil {
		t.Fatalf("alertmanager silences: %d %s", code, body)
	}
	return out
}

// A window makes a silence in the real Alertmanager (matchers from the
// service's label, createdBy tandem, the reason and who in the comment);
// ending the window early expires it.
func TestMaintenanceAlertmanagerSilence(t *testing.T) {
	amURL := startAlertmanager(t)
	yaml := testYAML(t, redistest.URL(t), "") + "\nalertmanager: {api_url: \"" + amURL + "\"}\n"
	b := bottest.Start(t, bottest.Config(t, yaml, testEnv), bot.Options{}) // Alertmanager checks times against the real clock

	if r := say(b, "Alice", "maintenance database 2h kernel patching"); r.Ephemeral || !strings.Contains(r.Text, "MW-1") {
		t.Fatalf("open: %+v", r)
	}
	ss := silencesOf(t, amURL)
	if len(ss) != 1 || ss[0].Status.State != "active" || ss[0].CreatedBy != "tandem" ||
		!strings.Contains(ss[0].Comment, "kernel patching") || !strings.Contains(ss[0].Comment, "Alice") ||
		len(ss[0].Matchers) != 1 || ss[0].Matchers[0].Name != "service" || ss[0].Matchers[0].Value != "database" || !ss[0].Matchers[0].IsEqual {
		t.Fatalf("silence: %+v", ss)
	}
	if ws := windowsOf(t, b); len(ws) != 1 || len(ws[0]["silences"].([]any)) != 1 {
		t.Fatalf("window does not record its silence: %v", ws)
	}
	if r := say(b, "Alice", "maintenance end MW-1"); r.Ephemeral || !strings.Contains(r.Text, "ended early") {
		t.Fatalf("end: %+v", r)
	}
	bottest.Eventually(t, 10*time.Second, func() bool {
		ss := silencesOf(t, amURL)
		return len(ss) == 1 && ss[0].Status.State == "expired"
	}, "the silence expires when the window ends early")
}
