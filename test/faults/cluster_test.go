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
