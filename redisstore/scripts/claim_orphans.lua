-- claim_orphans: take over the outbox entries of processes that stopped
-- sending heartbeats, without waiting for the entries to go stale. A
-- process never seen beating (an older version, during an upgrade) is left
-- to the stale take-over.
-- KEYS[1] the heartbeat hash; KEYS[2..n] the outbox streams
-- ARGV[1] group, ARGV[2] this consumer, ARGV[3] min idle (ms),
-- ARGV[4] silent for this long means dead (ms), ARGV[5] at most this many
local out = {}
for k = 2, #KEYS do
  local pending = redis.call('XPENDING', KEYS[k], ARGV[1], 'IDLE', ARGV[3], '-', '+', ARGV[5])
  for _, p in ipairs(pending) do
    -- A consumer is "<process>-<worker number>".
    local process = string.match(p[2], '^(.*)%-%d+$') or p[2]
    if #out < tonumber(ARGV[5]) and dead(KEYS[1], process, ARGV[4]) then
      local got = redis.call('XCLAIM', KEYS[k], ARGV[1], ARGV[2], ARGV[3], p[1])
      for _, e in ipairs(got) do
        out[#out + 1] = {k - 1, e[1], e[2]}
      end
    end
  end
end
return out
