package faults

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// The bot on a Redis Cluster (three primaries, a replica each;
// redis.cluster_addrs with wait_replicas: 1) under webhook traffic, mid-
// ladder. The primary of the tenant's slot is killed: its replica takes
// over, webhooks answer 503 for that moment and 202 again after (once a
// supervisor has brought the old primary back as a replica, so WAIT can be
// answered), every alert answered 202 is stored, and every room and page
// happens once.
func TestClusterPrimaryKilled(t *testing.T) {
	t.Parallel()
	c := redistest.StartCluster(t)
	sc := ladderScenario()
	sc.RedisKeys = fmt.Sprintf("cluster_addrs: [%s], wait_replicas: 1", strings.Join(c.Addrs()[:3], ", "))
	sc.At = t0
	w := sc.Start(t)
	b := w.Bot

	tr := startTraffic(b.URL, 4)
	bottest.Eventually(t, patience, func() bool { return len(tr.acceptedNow()) >= 100 }, "100 alerts accepted")
	victim := c.Node(c.PrimaryFor(w.Prefix + "{default}:seq:incident"))
	lost := time.Now()
	victim.Kill()
	c.WaitFailedOver(victim.Addr, 60*time.Second)
	victim.Restart()
	switched := time.Now()
	missing, incs, repeated := nothingLostOrRepeated(t, b, tr, switched, func() string {
		return fmt.Sprintf("cluster primaries now %v", c.Primaries())
	})
	t.Logf("primary %s killed, replica promoted and old primary back in %v; webhooks: %d × 503 and %d × 202 meanwhile; %d alerts answered 202 in all, missing %d; %d incidents, rooms and pages repeated %d",
		victim.Addr, switched.Sub(lost).Round(10*time.Millisecond), tr.count(lost, switched, 503), tr.count(lost, switched, 202),
		len(tr.acceptedNow()), missing, incs, repeated)
}

// Two tenants whose slots live on different shards of one cluster, both
// under webhook traffic mid-ladder. The primary of the first tenant's
// shard is killed: that tenant's webhooks answer 503 for the moment and
// 202 after, losing and repeating nothing; the other tenant, on another
// shard, never answers 503 at all.
func TestClusterPrimaryKilledSparesOtherShards(t *testing.T) {
	t.Parallel()
	c := redistest.StartCluster(t)
	hit, spared := tenantsOnTwoShards(t, c)
	start := func(tenant string) *bottest.World {
		sc := ladderScenario()
		sc.RedisKeys = fmt.Sprintf("cluster_addrs: [%s], wait_replicas: 1", strings.Join(c.Addrs()[:3], ", "))
		sc.At = t0
		sc.Options.Tenant = tenant
		return sc.Start(t)
	}
	wh, ws := start(hit), start(spared)
	trh, trs := startTraffic(wh.Bot.URL, 2), startTraffic(ws.Bot.URL, 2)
	bottest.Eventually(t, patience, func() bool { return len(trh.acceptedNow()) >= 50 && len(trs.acceptedNow()) >= 50 },
		"50 alerts accepted by each tenant")
	victim := c.Node(c.PrimaryFor("{" + hit + "}:seq:incident"))
	lost := time.Now()
	victim.Kill()
	c.WaitFailedOver(victim.Addr, 60*time.Second)
	victim.Restart()
	switched := time.Now()
	missing, incs, repeated := nothingLostOrRepeated(t, wh.Bot, trh, switched, func() string {
		return fmt.Sprintf("cluster primaries now %v", c.Primaries())
	})
	spared503 := trs.count(lost, time.Now(), 503)
	sparedOK := trs.count(lost, time.Now(), 202)
	trs.halt()
	if spared503 != 0 || sparedOK == 0 {
		t.Errorf("tenant %s on another shard answered %d × 503 and %d × 202 while %s's primary was down", spared, spared503, sparedOK, hit)
	}
	t.Logf("tenant %s's primary %s killed, failed over and back in %v: %s answered %d × 503 and %d × 202 meanwhile (missing %d, %d incidents, repeated %d); tenant %s on another shard: %d × 503, %d × 202",
		hit, victim.Addr, switched.Sub(lost).Round(10*time.Millisecond), hit, trh.count(lost, switched, 503), trh.count(lost, switched, 202),
		missing, incs, repeated, spared, spared503, sparedOK)
}

// tenantsOnTwoShards names two tenants whose hash tags fall on different
// primaries of c.
func tenantsOnTwoShards(t *testing.T, c *redistest.Cluster) (string, string) {
	t.Helper()
	first := c.PrimaryFor("{acme}:seq:incident")
	for i := range 100 {
		name := fmt.Sprintf("customer-%d", i)
		if c.PrimaryFor("{"+name+"}:seq:incident") != first {
			return "acme", name
		}
	}
	t.Fatal("no tenant name off acme's shard in 100 tries")
	return "", ""
}
