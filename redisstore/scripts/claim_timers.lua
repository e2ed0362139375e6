-- claim_timers: move due timers into the in-flight set with a lease.
-- KEYS[1] due set, KEYS[2] lease set, KEYS[3] timer data hash,
-- KEYS[4] in-flight timer → owning process, KEYS[5] the heartbeat hash
-- ARGV[1] now (ms), ARGV[2] lease deadline (ms), ARGV[3] limit,
-- ARGV[4] this process ("" records no owner), ARGV[5] a process silent
-- this long (ms, on Redis's clock) has died
-- Timers whose lease expired, or whose process stopped beating (it died
-- with them in hand), come back first.
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
local leased = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf')
for _, id in ipairs(leased) do
  if dead(KEYS[5], redis.call('HGET', KEYS[4], id), ARGV[5]) then
    expired[#expired + 1] = id
  end
end
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[4], id)
  -- A timer set again while in flight is already due at its new time.
  if not redis.call('ZSCORE', KEYS[1], id) then
    redis.call('ZADD', KEYS[1], ARGV[1], id)
  end
end
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
local out = {}
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZADD', KEYS[2], ARGV[2], id)
  if ARGV[4] ~= '' then
    redis.call('HSET', KEYS[4], id, ARGV[4])
  end
  out[#out + 1] = id
  out[#out + 1] = redis.call('HGET', KEYS[3], id) or ''
end
return out
