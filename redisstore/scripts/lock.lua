-- lock: take or renew a lease-based lock without key expiry (the embedded
-- store does not tick TTLs, and expiry must never decide timing).
-- KEYS[1] lock key, KEYS[2] the heartbeat hash
-- ARGV[1] owner, ARGV[2] now (ms), ARGV[3] lease deadline (ms),
-- ARGV[4] a process silent this long (ms, on Redis's clock) has died
local cur = redis.call('GET', KEYS[1])
if cur then
  local sep = string.find(cur, '|', 1, true)
  local owner = string.sub(cur, 1, sep - 1)
  local deadline = tonumber(string.sub(cur, sep + 1))
  if owner ~= ARGV[1] and deadline > tonumber(ARGV[2]) then
    -- The lease runs, but a holder "<process>-<worker>/<n>" whose process
    -- stopped beating has died: its lock need not wait for the lease.
    if not dead(KEYS[2], string.match(owner, '^(.*)%-%d+/%d+$'), ARGV[4]) then
      return 0
    end
  end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[3])
return 1
