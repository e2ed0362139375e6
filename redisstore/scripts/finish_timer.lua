-- finish_timer: a claimed timer was handled without a state change.
-- KEYS[1] due set, KEYS[2] lease set, KEYS[3] timer data hash,
-- KEYS[4] in-flight timer → owning process; ARGV[1] timer ID
-- The data stays when the timer was set again meanwhile (it is due again).
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('HDEL', KEYS[3], ARGV[1])
end
return 1
