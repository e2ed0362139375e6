package faults

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binDir holds the tandem binary the process scenarios run, built once.
var (
	binDir   string
	binOnce  sync.Once
	binPath  string
	binError error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tandem-faults-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// tandemBinary builds cmd/tandem once (without the race detector: the
// child processes are the system under test, this package's checks run
// with it) and returns its path.
func tandemBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		binPath = filepath.Join(binDir, "tandem")
		cmd := exec.Command("go", "build", "-o", binPath, "github.com/tandemhq/tandem/cmd/tandem")
		out, err := cmd.CombinedOutput()
		if err != nil {
			binError = fmt.Errorf("go build cmd/tandem: %v\n%s", err, out)
		}
	})
	if binError != nil {
		t.Fatal(binError)
	}
	return binPath
}

// syncBuffer collects a process's output; safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// proc is one tandem process.
type proc struct {
	cmd *exec.Cmd
	out *syncBuffer
}

// startProc runs `tandem serve --config path` with env added to the
// environment. It does not wait for the process to listen.
func startProc(bin, path string, env []string, out *syncBuffer) (*proc, error) {
	cmd := exec.Command(bin, "serve", "--config", path)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &proc{cmd: cmd, out: out}, nil
}

// kill stops the process with SIGKILL, as a crash or an OOM kill would.
func (p *proc) kill() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Signal(syscall.SIGKILL)
		p.cmd.Wait()
	}
}

// stop asks for a graceful shutdown (SIGTERM) and waits for it.
func (p *proc) stop() error {
	if p.cmd.ProcessState != nil {
		return nil
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		p.kill()
		return fmt.Errorf("SIGTERM did not stop tandem within 20 s")
	}
}

// waitHealthy polls /healthz until the process answers.
func waitHealthy(base string, p *proc, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if status(base+"/healthz") == 200 {
			return nil
		}
		if p.cmd.ProcessState != nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("tandem did not become healthy:\n%s", p.out.String())
}

// freeAddr returns a loopback address for a tandem process to listen on.
// It is taken below the kernel's ephemeral range (ip_local_port_range), so
// no listener that asks for port 0 (the fakes, other tests' servers) can
// take it in the moment between this probe and the process binding it, or
// while a killed process is being restarted on it.
func freeAddr(t testing.TB) string {
	t.Helper()
	lo := 32768
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if n, err := strconv.Atoi(f[0]); err == nil {
				lo = n
			}
		}
	}
	portMu.Lock()
	defer portMu.Unlock()
	if nextPort == 0 {
		// Apart from another test binary's run: start where the pid says.
		nextPort = 10000 + os.Getpid()%max(1, lo-12000)
	}
	for range 1000 {
		port := nextPort
		nextPort++
		if nextPort >= lo-1 {
			nextPort = 10000
		}
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err == nil {
			l.Close()
			return l.Addr().String()
		}
	}
	t.Fatal("no free port below the ephemeral range")
	return ""
}

var (
	portMu   sync.Mutex
	nextPort int
)

// writeFile writes a config into a fresh folder and returns its path.
func writeFile(t testing.TB, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
