package config

import (
	"strings"
	"testing"
	"time"
)

// redis.wait_replicas and redis.wait_timeout: read, defaulted by the store
// (0 and 1s), negative counts refused.
func TestRedisWaitReplicas(t *testing.T) {
	sentinel := "redis: {sentinel_addrs: [\"a:26379\"], sentinel_master: m, wait_replicas: 1, wait_timeout: 2s}\n"
	cfg, ps := parse(t, base+sentinel, nil)
	if ps != nil {
		t.Fatal(ps)
	}
	if cfg.Redis.WaitReplicas != 1 || cfg.Redis.WaitTimeout.Std() != 2*time.Second {
		t.Fatalf("wait_replicas %d, wait_timeout %v", cfg.Redis.WaitReplicas, cfg.Redis.WaitTimeout)
	}
	_, ps = parse(t, base+"redis: {url: \"redis://r:6379\", wait_replicas: -1}\n", nil)
	if ps == nil || !strings.Contains(ps.Error(), "redis.wait_replicas: must not be negative") {
		t.Fatalf("negative wait_replicas: %v", ps)
	}
}
