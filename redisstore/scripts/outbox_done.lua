-- outbox_done: an effect was delivered; remove it from the outbox and
-- remember its ID so a redelivery of the same effect is skipped.
-- KEYS[1] outbox stream, KEYS[2] delivered-IDs set
-- ARGV[1] consumer group, ARGV[2] stream entry ID, ARGV[3] effect ID ("" none)
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if ARGV[3] ~= '' then
  redis.call('SADD', KEYS[2], ARGV[3])
end
return 1
