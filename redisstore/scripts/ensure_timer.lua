-- ensure_timer: set a timer unless it is pending (due or in flight).
-- KEYS[1] due set, KEYS[2] lease set, KEYS[3] timer data hash
-- ARGV[1] timer ID, ARGV[2] due (ms), ARGV[3] timer JSON
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
