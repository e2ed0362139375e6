package redisstore_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// openClusterStore opens tenant's store on the cluster, with its own client.
func openClusterStore(t *testing.T, c *redistest.Cluster, prefix, tenant string, wait int) *redisstore.Store {
	t.Helper()
	st, err := redisstore.Open(context.Background(), redisstore.Options{ClusterAddrs: c.Addrs()[:3],
		Prefix: prefix, Tenant: tenant, WaitReplicas: wait, WaitTimeout: time.Second})
	if err != nil {
		t.Fatalf("open tenant %s on the cluster: %v", tenant, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// slotOf is the cluster slot of a tenant's keys (its hash tag's), as Redis
// itself computes it.
func slotOf(t *testing.T, addr, prefix, tenant string) int {
	t.Helper()
	out, err := redistest.Command(addr, "CLUSTER", "KEYSLOT", prefix+"{"+tenant+"}:inc:INC-1")
	n, _ := strconv.Atoi(out)
	if err != nil {
		t.Fatalf("CLUSTER KEYSLOT: %v", err)
	}
	return n
}

// 200 tenants on a cluster of three primaries: each tenant's incident, its
// timeline, indexes, outbox and timer are in its own slot, the tenants are
// spread over all three shards, and every tenant's store works on its own.
func TestClusterTenantsSpreadOverShards(t *testing.T) {
	c := redistest.StartCluster(t)
	prefix := redistest.Prefix(t)
	ctx := context.Background()
	perShard := map[string]int{}
	for i := range 200 {
		tenant := fmt.Sprintf("customer-%03d", i)
		st := openClusterStore(t, c, prefix, tenant, 0)
		id, err := (&writer{st: st}).commit(ctx, t, "disk-full")
		if err != nil {
			t.Fatalf("tenant %s: %v", tenant, err)
		}
		if got, err := st.Get(ctx, id); err != nil || got.ID != "INC-1" {
			t.Fatalf("tenant %s: read back %+v, %v (each tenant counts its own incidents)", tenant, got, err)
		}
		timers, err := st.ClaimTimers(ctx, "", t0.Add(time.Hour), time.Minute, 10)
		if err != nil || len(timers) != 1 || timers[0].Incident != id {
			t.Fatalf("tenant %s: due timers %+v, %v; want its one ladder timer", tenant, timers, err)
		}
		slot := slotOf(t, c.Addrs()[0], prefix, tenant)
		owner := c.PrimaryFor(prefix + "{" + tenant + "}:inc:INC-1")
		keys, err := redistest.Command(owner, "CLUSTER", "COUNTKEYSINSLOT", strconv.Itoa(slot))
		if n, _ := strconv.Atoi(keys); err != nil || n < 4 {
			t.Fatalf("tenant %s: slot %d on %s holds %q keys (%v); want the incident, timeline, indexes and timer there", tenant, slot, owner, keys, err)
		}
		perShard[owner]++
	}
	t.Logf("200 tenants over the shards: %v", perShard)
	if len(perShard) != 3 {
		t.Fatalf("tenants on %d shards, want all 3: %v", len(perShard), perShard)
	}
	for shard, n := range perShard {
		if n < 30 {
			t.Errorf("shard %s holds %d of 200 tenants; the hash tags should spread them", shard, n)
		}
	}
}

// A cluster primary is killed while two tenants commit, each waiting for a
// replica (redis.wait_replicas: 1). The dead primary's replica takes over;
// its tenant's commits fail for a while (a webhook's 503) and then succeed
// again once the old primary is back as the new one's replica. No commit
// that returned without error is lost, and the tenant on another shard
// never fails.
func TestClusterPrimaryKilledKeepsAcknowledgedCommits(t *testing.T) {
	c := redistest.StartCluster(t)
	prefix := redistest.Prefix(t)
	a, b := tenantsOnTwoShards(t, c, prefix)
	stA, stB := openClusterStore(t, c, prefix, a, 1), openClusterStore(t, c, prefix, b, 1)
	wA, wB := &writer{st: stA}, &writer{st: stB}
	stop := make(chan struct{})
	done := make(chan struct{}, 2)
	go func() { wA.run(t, stop, "a"); done <- struct{}{} }()
	go func() { wB.run(t, stop, "b"); done <- struct{}{} }()
	waitAcked(t, wA, 100)
	victim := c.Node(c.PrimaryFor(prefix + "{" + a + "}:seq:incident"))
	victim.Kill()
	c.WaitFailedOver(victim.Addr, 60*time.Second)
	victim.Restart() // a supervisor brings it back: it rejoins as a replica
	before := len(wA.ids())
	waitAcked(t, wA, before+100)
	waitAcked(t, wB, len(wB.ids())+100)
	close(stop)
	<-done
	<-done
	t.Logf("tenant %s (primary %s killed): %d acknowledged, %d attempts failed, longest failing run %v; tenant %s: %d acknowledged, %d failed",
		a, victim.Addr, len(wA.ids()), wA.failed.Load(), wA.gap.Round(time.Millisecond), b, len(wB.ids()), wB.failed.Load())
	if lost := missing(t, stA, wA.ids()); len(lost) > 0 {
		t.Fatalf("%d acknowledged commits of %s lost in the failover: %v", len(lost), a, lost[:min(len(lost), 10)])
	}
	if lost := missing(t, stB, wB.ids()); len(lost) > 0 {
		t.Fatalf("%d acknowledged commits of %s lost: %v", len(lost), b, lost[:min(len(lost), 10)])
	}
	if n := wB.failed.Load(); n > 0 {
		t.Errorf("tenant %s, on a shard nobody killed, had %d failed commits (first: %v)", b, n, wB.firstErr.Load())
	}
	if wA.failed.Load() == 0 {
		t.Errorf("tenant %s never failed while its primary was dead: the test did not test a failover", a)
	}
}

// tenantsOnTwoShards names two tenants whose slots have different primaries.
func tenantsOnTwoShards(t *testing.T, c *redistest.Cluster, prefix string) (string, string) {
	t.Helper()
	first := c.PrimaryFor(prefix + "{acme}:seq:incident")
	for i := range 100 {
		other := fmt.Sprintf("globex-%d", i)
		if c.PrimaryFor(prefix+"{"+other+"}:seq:incident") != first {
			return "acme", other
		}
	}
	t.Fatal("no tenant on another shard than acme's")
	return "", ""
}
