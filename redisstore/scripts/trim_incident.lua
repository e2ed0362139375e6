-- trim_incident: remove an archived incident and everything it owns, or fix
-- a stale entry of the resolved-at index, in one step.
-- KEYS[1]  the incident hash        KEYS[2]  its timeline stream
-- KEYS[3]  its alert states         KEYS[4]  the resolved-at index
-- KEYS[5]  the opened index         KEYS[6..8] the open, acked, resolved indexes
-- KEYS[9..12] timers: due set, lease set, data hash, owner hash
-- KEYS[13 .. 12+ARGV[4]]  pointer keys (dedup key, room indexes): deleted
--          only while they still name this incident (a dedup key may
--          already point at a newer incident)
-- KEYS[rest] keys the incident alone owns (room hashes, sync flags)
-- ARGV[1] the incident ID, ARGV[2] the version the archive line was made
-- from, ARGV[3] "trim", or "index" to fix the index entry only (ARGV[5]
-- the score, "" to remove it), ARGV[4] the number of pointer keys,
-- ARGV[6..] the incident's timer IDs.
-- Returns 1 trimmed (or index fixed), 0 the incident changed since it was
-- read (reopened: it stays), -1 it was already gone.
local id = ARGV[1]
local v = redis.call('HGET', KEYS[1], 'v')
if not v then
  redis.call('ZREM', KEYS[4], id)
  return -1
end
if tonumber(v) ~= tonumber(ARGV[2]) then
  return 0
end
if ARGV[3] == 'index' then
  if ARGV[5] == '' then
    redis.call('ZREM', KEYS[4], id)
  else
    redis.call('ZADD', KEYS[4], ARGV[5], id)
  end
  return 1
end
local pointers = tonumber(ARGV[4])
for i = 13, 12 + pointers do
  if redis.call('GET', KEYS[i]) == id then
    redis.call('DEL', KEYS[i])
  end
end
for i = 13 + pointers, #KEYS do
  redis.call('DEL', KEYS[i])
end
for i = 6, #ARGV do
  redis.call('ZREM', KEYS[9], ARGV[i])
  redis.call('ZREM', KEYS[10], ARGV[i])
  redis.call('HDEL', KEYS[11], ARGV[i])
  redis.call('HDEL', KEYS[12], ARGV[i])
end
for i = 4, 8 do
  redis.call('ZREM', KEYS[i], id)
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return 1
