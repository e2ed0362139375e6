-- unlock: release a lock only if the caller still owns it.
-- KEYS[1] lock key; ARGV[1] owner
local cur = redis.call('GET', KEYS[1])
if cur and string.sub(cur, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
