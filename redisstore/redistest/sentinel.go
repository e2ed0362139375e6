package redistest

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// MasterName is the name the Sentinels of StartSentinel monitor.
const MasterName = "mymaster"

// Sentinels is a Sentinel-managed Redis of one test: a primary, replicas
// and three Sentinels (quorum 2), all on loopback, killed when the test ends.
type Sentinels struct {
	// Servers are the data servers; Servers[0] starts as the primary.
	Servers []*Server
	// Addrs are the Sentinels' addresses (redis.sentinel_addrs).
	Addrs []string
	procs []*exec.Cmd
	t     testing.TB
	auth  SentinelAuth
}

// SentinelAuth are the passwords of a Sentinel set-up that requires them:
// Data for the data servers (requirepass, masterauth, and the Sentinels'
// auth-pass), Sentinel for the Sentinels themselves (requirepass, and
// sentinel-pass between them). Empty: none.
type SentinelAuth struct{ Data, Sentinel string }

// sentinelCommand is how a Sentinel is run with config file conf: Debian's
// redis-sentinel when it is installed, else redis-server in Sentinel mode
// (the same program).
func sentinelCommand(conf string) (*exec.Cmd, bool) {
	if p, err := exec.LookPath("redis-sentinel"); err == nil {
		return exec.Command(p, conf), true
	}
	if p, err := exec.LookPath("redis-server"); err == nil {
		return exec.Command(p, conf, "--sentinel"), true
	}
	return nil, false
}

// StartSentinel starts a primary with replicas replicas and three
// Sentinels watching it, and waits until the Sentinels agree on the
// topology (every replica and the two other Sentinels known to each), so a
// failover can be forced at once. extra arguments go to every data server
// (e.g. "--appendonly", "yes"). A missing redis-server skips the test, or
// fails it under TANDEM_TEST_REQUIRE_REDIS=1.
func StartSentinel(t testing.TB, replicas int, extra ...string) *Sentinels {
	t.Helper()
	return StartSentinelAuth(t, replicas, SentinelAuth{}, extra...)
}

// StartSentinelAuth is StartSentinel with passwords on the data servers
// and the Sentinels.
func StartSentinelAuth(t testing.TB, replicas int, auth SentinelAuth, extra ...string) *Sentinels {
	t.Helper()
	if auth.Data != "" {
		extra = append(extra, "--requirepass", auth.Data, "--masterauth", auth.Data)
	}
	NeedReal(t)
	if _, ok := sentinelCommand(""); !ok {
		const why = "needs redis-sentinel (or redis-server --sentinel): apt-get install redis-sentinel"
		if Required() {
			t.Fatal(why + "; TANDEM_TEST_REQUIRE_REDIS=1 forbids skipping")
		}
		t.Skip(why)
	}
	s := &Sentinels{t: t, auth: auth}
	primary := Start(t, extra...)
	s.Servers = append(s.Servers, primary)
	host, port, _ := net.SplitHostPort(primary.Addr)
	for range replicas {
		s.Servers = append(s.Servers, Start(t, append([]string{"--replicaof", host, port}, extra...)...))
	}
	t.Cleanup(s.stop) // before starting: a Sentinel that does not come up is stopped too
	for range 3 {
		s.startOne(primary.Addr)
	}
	s.waitTopology(replicas)
	return s
}

func (s *Sentinels) startOne(primary string) {
	s.t.Helper()
	host, port, _ := net.SplitHostPort(primary)
	addr := "127.0.0.1:" + strconv.Itoa(freePort(s.t))
	_, sport, _ := net.SplitHostPort(addr)
	dir := s.t.TempDir()
	conf := filepath.Join(dir, "sentinel.conf")
	// Sentinel rewrites its config file: it must be its own and writable.
	body := fmt.Sprintf(`port %s
bind 127.0.0.1
protected-mode no
dir %s
sentinel monitor %s %s %s 2
sentinel down-after-milliseconds %s 1000
sentinel failover-timeout %s 4000
sentinel parallel-syncs %s 1
`, sport, dir, MasterName, host, port, MasterName, MasterName, MasterName)
	if s.auth.Data != "" {
		body += fmt.Sprintf("sentinel auth-pass %s %s\n", MasterName, s.auth.Data)
	}
	if s.auth.Sentinel != "" {
		body += fmt.Sprintf("requirepass %s\nsentinel sentinel-pass %s\n", s.auth.Sentinel, s.auth.Sentinel)
	}
	if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
		s.t.Fatal(err)
	}
	cmd, _ := sentinelCommand(conf)
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start sentinel: %v", err)
	}
	s.procs = append(s.procs, cmd)
	s.Addrs = append(s.Addrs, addr)
	deadline := time.Now().Add(10 * time.Second)
	for !ping(addr) {
		if time.Now().After(deadline) {
			s.t.Fatalf("sentinel on %s did not come up", addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *Sentinels) stop() {
	for _, p := range s.procs {
		if p.Process != nil {
			p.Process.Kill()
			p.Wait()
		}
	}
	s.procs = nil
}

// waitTopology waits until each Sentinel knows the replicas and the other
// two Sentinels: only then may a failover be forced.
func (s *Sentinels) waitTopology(replicas int) {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		ready := true
		for _, a := range s.Addrs {
			r, err1 := s.sentinel(a, "SENTINEL", "REPLICAS", MasterName)
			o, err2 := s.sentinel(a, "SENTINEL", "SENTINELS", MasterName)
			if err1 != nil || err2 != nil || strings.Count(r, "master-link-status\nok") != replicas ||
				strings.Contains(r, "s_down") || strings.Contains(r, "disconnected") || strings.Count(o, "\nflags\n") != 2 {
				ready = false
				break
			}
		}
		if ready {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatal("the Sentinels did not agree on the primary, its replicas and each other within 30 s")
}

// Primary asks a Sentinel for the current primary's address.
func (s *Sentinels) Primary() (string, error) {
	var last error
	for _, a := range s.Addrs {
		out, err := s.sentinel(a, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MasterName)
		if err != nil {
			last = err
			continue
		}
		f := strings.Fields(out)
		if len(f) == 2 {
			return net.JoinHostPort(f[0], f[1]), nil
		}
		last = fmt.Errorf("sentinel %s answered %q", a, out)
	}
	return "", last
}

// Server returns the data server listening on addr, or nil.
func (s *Sentinels) Server(addr string) *Server {
	for _, srv := range s.Servers {
		if srv.Addr == addr {
			return srv
		}
	}
	return nil
}

// Failover asks a Sentinel to promote a replica now (SENTINEL FAILOVER)
// and waits until every Sentinel names the new primary and it accepts
// writes. It returns the old and new primary addresses.
func (s *Sentinels) Failover() (old, now string) {
	s.t.Helper()
	old, err := s.Primary()
	if err != nil {
		s.t.Fatalf("primary before the failover: %v", err)
	}
	if out, err := s.sentinel(s.Addrs[0], "SENTINEL", "FAILOVER", MasterName); err != nil || !strings.Contains(out, "OK") {
		s.t.Fatalf("SENTINEL FAILOVER: %q %v", out, err)
	}
	return old, s.WaitNewPrimary(old, 30*time.Second)
}

// WaitNewPrimary waits until every Sentinel names a primary other than old
// and that server answers as a primary; it returns its address.
func (s *Sentinels) WaitNewPrimary(old string, timeout time.Duration) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		agreed := ""
		for _, a := range s.Addrs {
			out, err := s.sentinel(a, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MasterName)
			f := strings.Fields(out)
			if err != nil || len(f) != 2 || net.JoinHostPort(f[0], f[1]) == old {
				agreed = ""
				break
			}
			addr := net.JoinHostPort(f[0], f[1])
			if agreed != "" && agreed != addr {
				agreed = ""
				break
			}
			agreed = addr
		}
		if agreed != "" {
			if role, err := commandAuth(agreed, s.auth.Data, "ROLE"); err == nil && strings.HasPrefix(role, "master") {
				return agreed
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("no new primary within %s (old %s)", timeout, old)
	return ""
}

// sentinel sends one command to the Sentinel at addr, authenticated.
func (s *Sentinels) sentinel(addr string, args ...string) (string, error) {
	return commandAuth(addr, s.auth.Sentinel, args...)
}

// commandAuth is Command after AUTH password (none when "").
func commandAuth(addr, password string, args ...string) (string, error) {
	if password == "" {
		return Command(addr, args...)
	}
	c, err := Dial(addr)
	if err != nil {
		return "", err
	}
	defer c.Close()
	if _, err := c.Do("AUTH", password); err != nil {
		return "", err
	}
	return c.Do(args...)
}

// Command sends one command to the Redis (or Sentinel) at addr over RESP
// and returns the reply flattened to text, one element a line: for
// inspecting servers without going through the code under test.
func Command(addr string, args ...string) (string, error) {
	c, err := Dial(addr)
	if err != nil {
		return "", err
	}
	defer c.Close()
	return c.Do(args...)
}

// Conn is one RESP connection for many commands (see Command).
type Conn struct {
	c net.Conn
	r *bufio.Reader
}

// Dial opens a connection to the Redis (or Sentinel) at addr.
func Dial(addr string) (*Conn, error) {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return nil, err
	}
	return &Conn{c: c, r: bufio.NewReader(c)}, nil
}

// Close closes the connection.
func (c *Conn) Close() error { return c.c.Close() }

// Do sends one command and returns its reply flattened as Command does.
func (c *Conn) Do(args ...string) (string, error) {
	c.c.SetDeadline(time.Now().Add(10 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := c.c.Write([]byte(b.String())); err != nil {
		return "", err
	}
	var out strings.Builder
	if err := readReply(c.r, &out); err != nil {
		return out.String(), err
	}
	return strings.TrimSuffix(out.String(), "\n"), nil
}

func readReply(r *bufio.Reader, out *strings.Builder) error {
	line, err := r.ReadString('\n')
	if err != nil {
		return err
	}
	line = strings.TrimSuffix(line, "\r\n")
	if line == "" {
		return fmt.Errorf("empty reply line")
	}
	switch line[0] {
	case '+', ':':
		out.WriteString(line[1:] + "\n")
	case '-':
		return fmt.Errorf("redis: %s", line[1:])
	case '$':
		n, _ := strconv.Atoi(line[1:])
		if n < 0 {
			out.WriteString("\n")
			return nil
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return err
		}
		out.WriteString(string(buf[:n]) + "\n")
	case '*':
		n, _ := strconv.Atoi(line[1:])
		for range max(n, 0) {
			if err := readReply(r, out); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("unexpected reply %q", line)
	}
	return nil
}
