-- Prepended to the scripts that read heartbeats (see scripts.go).
-- now_ms: Redis's clock in milliseconds.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
-- dead: process has beaten (it is in the heartbeat hash) and not for more
-- than after ms. A process never seen is not dead here: the caller's own
-- lease or idle rule applies to it.
local function dead(hash, process, after)
  local seen = process and redis.call('HGET', hash, process)
  return seen ~= nil and seen ~= false and now_ms() - tonumber(seen) > tonumber(after)
end
