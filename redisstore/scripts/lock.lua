-- lock: take or renew a lease-based lock without key expiry (the embedded
-- store does not tick TTLs, and expiry must never decide timing).
-- KEYS[1] lock key; ARGV[1] owner, ARGV[2] now (ms), ARGV[3] lease deadline (ms)
local cur = redis.call('GET', KEYS[1])
if cur then
  local sep = string.find(cur, '|', 1, true)
  local owner = string.sub(cur, 1, sep - 1)
  local deadline = tonumber(string.sub(cur, sep + 1))
  if owner ~= ARGV[1] and deadline > tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[3])
return 1
