package doctor

import (
	"context"
	"fmt"
	"time"
)

// checkRedis: reachable, AOF on, no eviction, clock close to Redis's.
func checkRedis(ctx context.Context, opt Options) []Line {
	const check = "Redis"
	if opt.Config.Redis.Embedded() {
		return []Line{fail(check, "no redis.url: the embedded store loses every incident when Tandem stops",
			`set redis.url (e.g. "redis://127.0.0.1:6379/0") to a Redis with appendonly yes`)}
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	st, err := opt.OpenStore(ctx)
	if err != nil {
		return []Line{fail(check, err.Error(), "start Redis, or correct redis.url (or TANDEM_REDIS_URL) and its password")}
	}
	defer st.Close()
	before := opt.Now()
	h, err := st.Health(ctx)
	after := opt.Now()
	if err != nil {
		return []Line{fail(check, err.Error(), "the Redis user needs INFO and TIME (ACL +info +time)")}
	}
	out := []Line{ok(check, "reachable")}
	out = append(out, persistence(h.AOF, h.RDBSave), eviction(h.Known, h.MaxmemoryPolicy))
	// The server read its clock somewhere between before and after.
	offset := h.Time.Sub(before.Add(after.Sub(before) / 2))
	return append(out, clock(offset, opt.MaxClockOffset))
}

func persistence(aof bool, save string) Line {
	const check = "Redis persistence"
	if aof {
		return ok(check, "AOF on")
	}
	snapshots := "RDB snapshots off"
	if save != "" {
		snapshots = fmt.Sprintf("RDB snapshots only (save %q)", save)
	}
	return fail(check, "AOF off, "+snapshots+": a crash loses incidents Tandem already acknowledged (a webhook's 202)",
		"set appendonly yes in redis.conf (or CONFIG SET appendonly yes, then CONFIG REWRITE); see docs/operations.md")
}

func eviction(known bool, policy string) Line {
	const check = "Redis eviction"
	switch {
	case !known:
		return Line{Info: true, Check: check, Detail: "CONFIG GET refused (managed Redis?): make sure maxmemory-policy is noeviction"}
	case policy == "noeviction":
		return ok(check, "maxmemory-policy noeviction")
	}
	return fail(check, fmt.Sprintf("maxmemory-policy %s may drop incidents, timers or outbox entries when memory is full", policy),
		"set maxmemory-policy noeviction (redis.conf or CONFIG SET), and size maxmemory for your incidents")
}

func clock(offset, limit time.Duration) Line {
	const check = "Clock"
	d := offset.Round(time.Millisecond)
	if offset.Abs() <= limit {
		return ok(check, "%v from Redis's (TIME)", d)
	}
	return fail(check, fmt.Sprintf("%v from Redis's (TIME), more than %v: escalation timers fire early or late on this machine", d, limit),
		"run NTP (chrony, systemd-timesyncd) on this machine and on the Redis host")
}
