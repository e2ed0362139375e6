-- compact_indexes: rewrite small indexes after a retention sweep emptied
-- most of them. Redis does not shrink a sorted set's or hash's table when
-- it loses most of its members while rehashing, nor turn it back into the
-- compact encoding: a rewritten copy is as small as its members.
-- KEYS[1] a scratch key; KEYS[2 .. 1+ARGV[1]] sorted sets; KEYS[rest] hashes
-- ARGV[1] the number of sorted sets, ARGV[2] the most members a rewritten
-- index may have (bigger ones are left alone, to keep this step short)
local zsets, most = tonumber(ARGV[1]), tonumber(ARGV[2])

-- copy writes pairs (a flat list) to the scratch key 200 at a time (Lua's
-- unpack has a limit); swap puts a sorted set's score before its member.
local function copy(cmd, flat, swap)
  local args = {}
  for j = 1, #flat, 2 do
    if swap then
      args[#args + 1], args[#args + 2] = flat[j + 1], flat[j]
    else
      args[#args + 1], args[#args + 2] = flat[j], flat[j + 1]
    end
    if #args >= 400 or j + 1 >= #flat then
      redis.call(cmd, KEYS[1], unpack(args))
      args = {}
    end
  end
end

local done = 0
for i = 2, #KEYS do
  local zset = i <= 1 + zsets
  local n = zset and redis.call('ZCARD', KEYS[i]) or redis.call('HLEN', KEYS[i])
  if n > 0 and n <= most then
    redis.call('DEL', KEYS[1])
    if zset then
      copy('ZADD', redis.call('ZRANGE', KEYS[i], 0, -1, 'WITHSCORES'), true)
    else
      copy('HSET', redis.call('HGETALL', KEYS[i]), false)
    end
    redis.call('RENAME', KEYS[1], KEYS[i])
    done = done + 1
  end
end
return done
