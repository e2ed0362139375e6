// Package redistest gives tests a real redis-server of their own: started on
// a free loopback port in a temporary folder, killable and restartable. When
// no redis-server is on PATH, tests that need one skip with a reason, unless
// TANDEM_TEST_REQUIRE_REDIS=1 (set by CI) turns the skip into a failure.
// TANDEM_TEST_REDIS_URL points tests at an existing server instead.
package redistest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/redisstore"
)

// Required reports whether CI demands a real server (TANDEM_TEST_REQUIRE_REDIS=1).
func Required() bool { return os.Getenv("TANDEM_TEST_REQUIRE_REDIS") == "1" }

// Available reports whether a real server can be had.
func Available() bool {
	if os.Getenv("TANDEM_TEST_REDIS_URL") != "" {
		return true
	}
	_, err := exec.LookPath("redis-server")
	return err == nil
}

// NeedReal skips t (or fails it under TANDEM_TEST_REQUIRE_REDIS=1) when no
// real redis-server can be had.
func NeedReal(t testing.TB) {
	t.Helper()
	if Available() {
		return
	}
	const why = "needs a real redis-server: none on PATH and TANDEM_TEST_REDIS_URL unset (apt-get install redis-server)"
	if Required() {
		t.Fatal(why + "; TANDEM_TEST_REQUIRE_REDIS=1 forbids skipping")
	}
	t.Skip(why)
}

// Server is a redis-server process owned by one test.
type Server struct {
	Addr string
	dir  string
	args []string
	cmd  *exec.Cmd
	t    testing.TB
}

// Start runs a redis-server on a free port with persistence off, plus any
// extra arguments (e.g. "--appendonly", "yes"). It is stopped when the test ends.
func Start(t testing.TB, extra ...string) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		NeedReal(t)
		if !Available() {
			t.Skip("no redis-server on PATH")
		}
		t.Fatal("this test starts its own redis-server; install it (apt-get install redis-server)")
	}
	s := &Server{Addr: "127.0.0.1:" + strconv.Itoa(freePort(t)), dir: t.TempDir(), t: t}
	_, port, _ := net.SplitHostPort(s.Addr)
	s.args = append([]string{"--port", port, "--bind", "127.0.0.1", "--dir", s.dir,
		"--save", "", "--appendonly", "no", "--protected-mode", "no"}, extra...)
	t.Cleanup(s.Kill) // before start: a server that does not come up is killed too
	s.start()
	return s
}

// URL is the redis:// URL of the server.
func (s *Server) URL() string { return "redis://" + s.Addr + "/0" }

func (s *Server) start() {
	s.t.Helper()
	s.cmd = exec.Command("redis-server", s.args...)
	s.cmd.Dir = s.dir
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("start redis-server: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", s.Addr, 100*time.Millisecond); err == nil {
			c.Close()
			if ping(s.Addr) {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("redis-server on %s did not come up", s.Addr)
}

// ping sends a raw PING and waits for +PONG (not -LOADING while an AOF loads).
func ping(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	buf := make([]byte, 16)
	n, _ := c.Read(buf)
	// A server started with --requirepass answers NOAUTH: it is up.
	return string(buf[:n]) == "+PONG\r\n" || strings.HasPrefix(string(buf[:n]), "-NOAUTH")
}

// Kill stops the server with SIGKILL, as a crash would.
func (s *Server) Kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// Restart starts the server again on the same port and folder (an AOF, if
// enabled, is replayed).
func (s *Server) Restart() {
	s.t.Helper()
	s.Kill()
	s.start()
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

var seq atomic.Int64

// URL returns the URL of a real server for this test (TANDEM_TEST_REDIS_URL,
// or one started for it), skipping the test when none can be had.
func URL(t testing.TB) string {
	t.Helper()
	NeedReal(t)
	if u := os.Getenv("TANDEM_TEST_REDIS_URL"); u != "" {
		return u
	}
	return Start(t).URL()
}

// Prefix returns a key prefix unique to this test, so tests sharing one
// server never see each other's keys.
func Prefix(t testing.TB) string {
	return fmt.Sprintf("tandemtest%d-%d:", os.Getpid(), seq.Add(1))
}

// Open returns a store on a real server for this test, skipping (or failing
// under TANDEM_TEST_REQUIRE_REDIS=1) when none can be had.
func Open(t testing.TB) *redisstore.Store {
	t.Helper()
	return OpenURL(t, URL(t))
}

// OpenURL returns a store on url with a fresh prefix, closed when t ends.
func OpenURL(t testing.TB, url string) *redisstore.Store {
	t.Helper()
	st, err := redisstore.Open(context.Background(), redisstore.Options{URL: url, Prefix: Prefix(t)})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// OpenAny returns a store on a real server when one can be had, else on the
// embedded store (the suite still passes without redis-server). Under
// TANDEM_TEST_REQUIRE_REDIS=1 it is always a real server.
func OpenAny(t testing.TB) *redisstore.Store {
	t.Helper()
	if Available() || Required() {
		return Open(t)
	}
	st, err := redisstore.OpenEmbedded(context.Background(), redisstore.Options{Prefix: Prefix(t)})
	if err != nil {
		t.Fatalf("open embedded store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
