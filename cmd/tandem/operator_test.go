package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/redisstore/redistest"
)

// With log.format: json every line the process writes is one JSON object
// (on standard error; standard output is the console chat) with time,
// level and msg, none below log.level. And /metrics carries the Go runtime,
// the process and tandem_build_info.
func TestJSONLogsAndRuntimeMetrics(t *testing.T) {
	path, base := writeConfig(t, redistest.URL(t))
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("log: {format: json, level: info}\n")
	f.Close()
	p, stderr := startSplit(t, "serve", "--config", path)
	waitHealthy(t, base, p)
	metrics := get(t, base+"/metrics")
	for _, want := range []string{"\ngo_goroutines ", "\ngo_memstats_alloc_bytes ", "\nprocess_start_time_seconds ", "\ntandem_build_info{revision=\""} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", strings.TrimSpace(want))
		}
	}
	post(t, base+"/webhooks/generic", `{"summary":"Disk full","dedup_key":"d1","severity":"sev2","service":"database"}`)
	p.kill()
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if lines[0] == "" {
		t.Fatalf("expected the start-up line, got %q", lines)
	}
	for _, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON (%v): %s", err, line)
		}
		if rec["time"] == nil || rec["msg"] == nil || rec["level"] == "DEBUG" {
			t.Errorf("log line lacks time or msg, or is below info: %s", line)
		}
	}
}

// startSplit starts tandem like startTandem, with standard error apart.
func startSplit(t *testing.T, args ...string) (*proc, *syncWriter) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TANDEM_TEST_MAIN=1", "TANDEM_TEST_ARGS="+strings.Join(args, "\x1f"))
	p := &proc{cmd: cmd, out: &bytes.Buffer{}}
	stderr := &syncWriter{w: &bytes.Buffer{}}
	cmd.Stdout, cmd.Stderr = &syncWriter{w: p.out}, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.kill() })
	return p, stderr
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

// The health check asks the address serve listens on: http.addr of the
// config, TANDEM_HTTP_ADDR over it, loopback for a wildcard host.
func TestHealthcheckFollowsHTTPAddr(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/tandem.yaml"
	demo, err := os.ReadFile("../../config/demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	yaml := strings.Replace(string(demo), `http: {addr: "127.0.0.1:8080"}`, `http: {addr: "0.0.0.0:9191"}`, 1)
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TANDEM_CONFIG", path)
	t.Setenv("TANDEM_HTTP_ADDR", "")
	if got := healthURL(); got != "http://127.0.0.1:9191/healthz" {
		t.Errorf("from http.addr: %s", got)
	}
	t.Setenv("TANDEM_HTTP_ADDR", "127.0.0.2:7070")
	if got := healthURL(); got != "http://127.0.0.2:7070/healthz" {
		t.Errorf("from TANDEM_HTTP_ADDR: %s", got)
	}
	t.Setenv("TANDEM_HTTP_ADDR", "")
	t.Setenv("TANDEM_CONFIG", dir+"/missing.yaml")
	if got := healthURL(); got != "http://127.0.0.1:8080/healthz" {
		t.Errorf("without a config: %s", got)
	}
}

// docker-compose.yml requires no secret of its own (Tandem's config says
// which it needs), and .env.example names every secret of the example
// config.
func TestComposeAndEnvExample(t *testing.T) {
	compose, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(compose), ":?") {
		t.Error("docker-compose.yml still requires variables (${X:?...}): a Slack-only trial would not start")
	}
	example, err := os.ReadFile("../../examples/tandem.yaml")
	if err != nil {
		t.Fatal(err)
	}
	env, err := os.ReadFile("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`_env: (TANDEM_[A-Z0-9_]+)`).FindAllStringSubmatch(string(example), -1) {
		if !strings.Contains(string(env), "\n"+m[1]+"=") {
			t.Errorf(".env.example lacks %s", m[1])
		}
	}
}

// `tandem init` gives each deployment its own PagerDuty dedup prefix, and
// the file it writes passes config check.
func TestInitDrawsADedupPrefix(t *testing.T) {
	prefixes := map[string]bool{}
	for range 2 {
		dir := t.TempDir()
		var out, errOut strings.Builder
		if code := run(context.Background(), []string{"init", "--dir", dir, "--non-interactive", "--internal", "a@example.com", "--msp", "b@example.com"}, nil, &out, &errOut); code != 0 {
			t.Fatalf("init: exit %d: %s", code, errOut.String())
		}
		yaml, err := os.ReadFile(dir + "/tandem.yaml")
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`dedup_prefix: "?(t-[0-9a-f]{8})"?`).FindStringSubmatch(string(yaml))
		if m == nil {
			t.Fatalf("no dedup_prefix in:\n%s", yaml)
		}
		prefixes[m[1]] = true
	}
	if len(prefixes) != 2 {
		t.Errorf("two inits drew the same prefix: %v", prefixes)
	}
}
