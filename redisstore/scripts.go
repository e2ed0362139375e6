package redisstore

import (
	_ "embed"

	"github.com/redis/go-redis/v9"
)

// The Lua scripts, embedded so the binary carries them. go-redis runs them
// with EVALSHA and falls back to EVAL after a restart flushed the cache.
var (
	//go:embed scripts/commit.lua
	commitLua string
	//go:embed scripts/claim_dedup.lua
	claimDedupLua string
	//go:embed scripts/claim_timers.lua
	claimTimersLua string
	//go:embed scripts/finish_timer.lua
	finishTimerLua string
	//go:embed scripts/lock.lua
	lockLua string
	//go:embed scripts/unlock.lua
	unlockLua string
	//go:embed scripts/outbox_done.lua
	outboxDoneLua string
	//go:embed scripts/ensure_timer.lua
	ensureTimerLua string
	//go:embed scripts/save_room.lua
	saveRoomLua string
	//go:embed scripts/enqueue_job.lua
	enqueueJobLua string
	// process_clock.lua (now_ms, dead) is prepended to the scripts that
	// read heartbeats: Lua scripts cannot include one another.
	//go:embed scripts/process_clock.lua
	processClockLua string
	//go:embed scripts/heartbeat.lua
	heartbeatLua string
	//go:embed scripts/claim_orphans.lua
	claimOrphansLua string

	commitScript       = redis.NewScript(commitLua)
	claimDedupScript   = redis.NewScript(claimDedupLua)
	claimTimersScript  = redis.NewScript(processClockLua + claimTimersLua)
	finishTimerScript  = redis.NewScript(finishTimerLua)
	lockScript         = redis.NewScript(processClockLua + lockLua)
	unlockScript       = redis.NewScript(unlockLua)
	outboxDoneScript   = redis.NewScript(outboxDoneLua)
	ensureTimerScript  = redis.NewScript(ensureTimerLua)
	saveRoomScript     = redis.NewScript(saveRoomLua)
	enqueueJobScript   = redis.NewScript(enqueueJobLua)
	heartbeatScript    = redis.NewScript(processClockLua + heartbeatLua)
	claimOrphansScript = redis.NewScript(processClockLua + claimOrphansLua)
)
