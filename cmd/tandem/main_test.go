package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tandemhq/tandem/redisstore/redistest"
)

// TestMain lets a test run this binary's main as a real child process
// (which it can SIGKILL): the child is the test binary itself with
// TANDEM_TEST_MAIN set and its arguments in TANDEM_TEST_ARGS.
func TestMain(m *testing.M) {
	if os.Getenv("TANDEM_TEST_MAIN") == "1" {
		os.Args = append([]string{"tandem"}, strings.Split(os.Getenv("TANDEM_TEST_ARGS"), "\x1f")...)
		main()
		return
	}
	os.Exit(m.Run())
}

// proc is a tandem process started by a test.
type proc struct {
	cmd *exec.Cmd
	out *bytes.Buffer
}

func startTandem(t *testing.T, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TANDEM_TEST_MAIN=1", "TANDEM_TEST_ARGS="+strings.Join(args, "\x1f"))
	p := &proc{cmd: cmd, out: &bytes.Buffer{}}
	cmd.Stdout = &syncWriter{w: p.out}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.kill() })
	return p
}

func (p *proc) kill() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Signal(syscall.SIGKILL)
		p.cmd.Wait()
	}
}

func (p *proc) output() string { return p.cmd.Stdout.(*syncWriter).String() }

func waitHealthy(t *testing.T, base string, p *proc) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("tandem did not become healthy:\n%s", p.output())
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// writeConfig writes the demo config on a real Redis with a token-guarded
// generic webhook and returns its path and the bot's base URL. The storm
// test sends 2,000 new groups in seconds and checks each is stored as its
// own: the storm guard is set out of its way.
func writeConfig(t *testing.T, redisURL string) (string, string) {
	t.Helper()
	addr := freeAddr(t)
	demo, err := os.ReadFile("../../config/demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	yaml := strings.Replace(string(demo), `http: {addr: "127.0.0.1:8080"}`, fmt.Sprintf("http: {addr: %q}", addr), 1)
	yaml = strings.Replace(yaml, `redis: {url: ""}`, fmt.Sprintf("redis: {url: %q, prefix: %q}\nsources:\n  generic: {token_file: token, max_new_per_minute: 1000000}\napi: {token_file: token}", redisURL, redistest.Prefix(t)), 1)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "token"), []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "tandem.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, "http://" + addr
}

func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer s3cret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

// Killing the bot with SIGKILL after a webhook's 202 and before its room
// message, then starting it again, yields exactly one room message. The
// first process is an intake-only replica (--workers 0), so the kill lands
// after the commit and before any delivery, every time.
func TestSIGKILLAfter202YieldsOneRoom(t *testing.T) {
	redistest.NeedReal(t)
	path, base := writeConfig(t, redistest.Start(t).URL())

	a := startTandem(t, "serve", "--config", path, "--workers", "0")
	waitHealthy(t, base, a)
	code, body := post(t, base+"/webhooks/generic", `{"summary":"Disk full on db-01","dedup_key":"disk-db-01","service":"database"}`)
	if code != 202 || !strings.Contains(body, "INC-1") {
		t.Fatalf("webhook: %d %s", code, body)
	}
	a.kill()
	if strings.Contains(a.output(), "room #") {
		t.Fatalf("the killed process delivered already:\n%s", a.output())
	}

	b := startTandem(t, "serve", "--config", path)
	waitHealthy(t, base, b)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) && !strings.Contains(b.output(), "Room: #inc-1-disk-full-on-db-01") {
		time.Sleep(20 * time.Millisecond)
	}
	// Let any duplicate show itself before counting.
	time.Sleep(500 * time.Millisecond)
	out := b.output()
	if n := strings.Count(out, "room #inc-1-disk-full-on-db-01 created for INC-1"); n != 1 {
		t.Fatalf("room created %d times after restart:\n%s", n, out)
	}
	if n := strings.Count(out, "┌─ card\n"); n != 1 {
		t.Fatalf("card posted %d times:\n%s", n, out)
	}
	// The same delivery again after the restart still maps to INC-1.
	if code, body := post(t, base+"/webhooks/generic", `{"summary":"Disk full on db-01","dedup_key":"disk-db-01","service":"database"}`); code != 202 || !strings.Contains(body, `"INC-1"`) {
		t.Fatalf("redelivery: %d %s", code, body)
	}
	b.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- b.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("graceful shutdown exited with %v:\n%s", err, b.output())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("SIGTERM did not stop tandem")
	}
}

func TestConfigCheck(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"config", "check", "../../examples/tandem.yaml"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("examples/tandem.yaml: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if strings.Contains(out.String()+errOut.String(), "s3cret") {
		t.Fatal("a secret was printed")
	}

	example, _ := os.ReadFile("../../examples/tandem.yaml")
	broken := string(example)
	broken = strings.Replace(broken, "timezone: America/Chicago\n", "timezone: America/Chicago\ncolour: blue\n", 1)
	broken = strings.Replace(broken, "    timezone: America/Chicago\n", "    timezone: Mars/Olympus_Mons\n", 1)
	broken = strings.Replace(broken, "{notify: [noc], when: after_hours", "{notify: [nocc], when: after_hours", 1)
	path := filepath.Join(t.TempDir(), "broken.yaml")
	os.WriteFile(path, []byte(broken), 0o600)
	out.Reset()
	errOut.Reset()
	if code := run(context.Background(), []string{"config", "check", path}, nil, &out, &errOut); code != 1 {
		t.Fatalf("broken config: exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 problems, got:\n%s", errOut.String())
	}
	for i, want := range []string{`unknown key "colour"`, `Mars/Olympus_Mons`, `"nocc"`} {
		if !strings.HasPrefix(lines[i], path+":") || !strings.Contains(lines[i], want) {
			t.Errorf("problem %d = %q, want %s:LINE:COL: …%s…", i, lines[i], path, want)
		}
		var line, col int
		if _, err := fmt.Sscanf(strings.TrimPrefix(lines[i], path+":"), "%d:%d:", &line, &col); err != nil || line == 0 || col == 0 {
			t.Errorf("problem %d has no line:col: %q", i, lines[i])
		}
	}
}

func TestLadderPreview(t *testing.T) {
	tests := []struct{ name, at, first string }{
		{"SaturdayNight", "2026-12-05T03:00:00-06:00", "noc"},
		{"TuesdayMorning", "2026-12-08T10:00:00-06:00", "acme-it"},
		{"Holiday", "2026-12-25T10:00:00-06:00", "noc"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), []string{"ladder", "preview", "--config", "../../examples/tandem.yaml", "--service", "database", "--at", tc.at, "--json"}, nil, &out, &errOut)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			var got struct {
				Service string
				Steps   []struct {
					Step   int
					Offset string
					Window string
					Teams  []string
				}
			}
			if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got.Steps) == 0 {
				t.Fatalf("unexpected JSON (%v): %s", err, out.String())
			}
			if s := got.Steps[0]; s.Teams[0] != tc.first || s.Offset != "0s" {
				t.Fatalf("first step %+v, want %s at 0s", s, tc.first)
			}
		})
	}
}
