-- heartbeat: a process says it is alive, on Redis's own clock, so that
-- others can take over what it held as soon as it falls silent (see
-- claim_orphans.lua); processes silent for long are forgotten.
-- KEYS[1] the heartbeat hash; ARGV[1] the process, ARGV[2] forget after (ms)
local now = now_ms()
redis.call('HSET', KEYS[1], ARGV[1], now)
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if now - tonumber(all[i + 1]) > tonumber(ARGV[2]) then
    redis.call('HDEL', KEYS[1], all[i])
  end
end
return now
