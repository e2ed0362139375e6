-- outbox_done: an effect was delivered; remove it from the outbox and
-- remember its ID so a redelivery of the same effect is skipped.
-- KEYS[1] outbox stream, KEYS[2] the delivered-ID key of this effect
-- ARGV[1] consumer group, ARGV[2] stream entry ID, ARGV[3] effect ID ("" none),
-- ARGV[4] seconds to remember it (expiry only collects garbage: no timing
-- depends on it, and the embedded store simply keeps the key)
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if ARGV[3] ~= '' then
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[4])
end
return 1
