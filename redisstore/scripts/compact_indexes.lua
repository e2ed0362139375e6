-- compact_indexes: rewrite small indexes after a retention sweep emptied
-- most of them. Redis does not shrink a sorted set's or hash's table when
-- it loses most of its members while rehashing, nor turn it back into the
-- compact encoding: a rewritten copy is as small as its members.
-- KEYS[1] a scratch key; KEYS[2 .. 1+ARGV[1]] sorted sets; KEYS[rest] hashes
-- ARGV[1] the number of sorted sets, ARGV[2] the most members a rewritten
-- index may have (bigger ones are left alone, to keep this step short)
local zsets, most = tonumber(ARGV[1]), tonumber(ARGV[2])
local done = 0
for i = 2, #KEYS do
  local zset = i <= 1 + zsets
  local n = zset and redis.call('ZCARD', KEYS[i]) or redis.call('HLEN', KEYS[i])
  if n > 0 and n <= most then
    if zset then
      redis.call('ZRANGESTORE', KEYS[1], KEYS[i], 0, -1)
    else
      redis.call('HSET', KEYS[1], unpack(redis.call('HGETALL', KEYS[i])))
    end
    redis.call('RENAME', KEYS[1], KEYS[i])
    done = done + 1
  end
end
return done
