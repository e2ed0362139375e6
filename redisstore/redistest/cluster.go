package redistest

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// Cluster is a Redis Cluster of real redis-server processes owned by one
// test: three primaries and one replica each, created the way an operator
// does (`redis-cli --cluster create … --cluster-replicas 1`) on loopback,
// with cluster-require-full-coverage off as docs/operations.md asks: a shard
// without a primary then stops only its own slots, not the whole cluster.
type Cluster struct {
	Nodes []*Server
	t     testing.TB
}

// NodeTimeout is the cluster-node-timeout of the test cluster: a primary
// that stops answering for this long is failed over to its replica.
const NodeTimeout = 2 * time.Second

// StartCluster starts six cluster-enabled servers, joins them into a
// cluster of three primaries with a replica each, and waits until every
// node reports cluster_state:ok. They are stopped when the test ends.
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	c := &Cluster{t: t}
	addrs := make([]string, 6)
	for i := range addrs {
		s := Start(t, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
			"--cluster-node-timeout", "2000", "--cluster-require-full-coverage", "no", "--appendonly", "yes", "--appendfsync", "always")
		c.Nodes = append(c.Nodes, s)
		addrs[i] = s.Addr
	}
	args := append([]string{"--cluster", "create"}, addrs...)
	args = append(args, "--cluster-replicas", "1", "--cluster-yes")
	if out, err := exec.Command("redis-cli", args...).CombinedOutput(); err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	c.WaitOK(30 * time.Second)
	c.waitReplicas(30 * time.Second)
	return c
}

// waitReplicas waits until each primary has its replica connected, so a
// test's first write with redis.wait_replicas is confirmed like any other.
func (c *Cluster) waitReplicas(timeout time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		ready := 0
		for _, p := range c.Primaries() {
			info, err := Command(p, "INFO", "replication")
			if err == nil && strings.Contains(info, "connected_slaves:1") && strings.Contains(info, "state=online") {
				ready++
			}
		}
		if ready == 3 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	c.t.Fatalf("the cluster's replicas did not all come online within %s", timeout)
}

// Addrs are the host:port of every node, primaries and replicas.
func (c *Cluster) Addrs() []string {
	out := make([]string, len(c.Nodes))
	for i, s := range c.Nodes {
		out[i] = s.Addr
	}
	return out
}

// WaitOK waits until every live node says cluster_state:ok and there are
// three primaries serving all slots.
func (c *Cluster) WaitOK(timeout time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if c.ok() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	c.t.Fatalf("the cluster did not reach cluster_state:ok within %s", timeout)
}

func (c *Cluster) ok() bool {
	for _, s := range c.Nodes {
		if s.cmd == nil {
			continue // killed by the test
		}
		info, err := Command(s.Addr, "CLUSTER", "INFO")
		if err != nil || !strings.Contains(info, "cluster_state:ok") {
			return false
		}
	}
	return len(c.Primaries()) == 3
}

// Primaries are the addresses of the live nodes that serve slots now, as
// one live node sees the cluster.
func (c *Cluster) Primaries() []string {
	for _, s := range c.Nodes {
		if s.cmd == nil {
			continue
		}
		out, err := Command(s.Addr, "CLUSTER", "NODES")
		if err != nil {
			continue
		}
		var prim []string
		for _, line := range strings.Split(out, "\n") {
			f := strings.Fields(line)
			if len(f) > 8 && strings.Contains(f[2], "master") && !strings.Contains(f[2], "fail") {
				prim = append(prim, strings.Split(f[1], "@")[0])
			}
		}
		return prim
	}
	return nil
}

// PrimaryFor is the address of the primary serving key's slot now.
func (c *Cluster) PrimaryFor(key string) string {
	c.t.Helper()
	for _, p := range c.Primaries() {
		if _, err := Command(p, "EXISTS", key); err == nil {
			return p // a node that does not own the slot answers -MOVED
		}
	}
	c.t.Fatalf("no primary serves the slot of %q", key)
	return ""
}

// Node is the server listening on addr.
func (c *Cluster) Node(addr string) *Server {
	for _, s := range c.Nodes {
		if s.Addr == addr {
			return s
		}
	}
	c.t.Fatalf("no cluster node on %s", addr)
	return nil
}

// WaitFailedOver waits until the cluster is whole again without the
// primary at addr: a replica promoted in its place, every slot served.
func (c *Cluster) WaitFailedOver(addr string, timeout time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		prim := c.Primaries()
		if len(prim) == 3 && !slices.Contains(prim, addr) && c.ok() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	c.t.Fatalf("no replica took over from %s within %s", addr, timeout)
}
