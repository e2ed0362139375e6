-- save_room: an incident's room on one platform (its channel, name, card,
-- timeline cursor, what the card shows, why it failed, what is being posted) and the index from
-- the channel back to the incident, in one step.
-- KEYS[1] the room hash, KEYS[2] the channel's index key (unused without a channel)
-- ARGV[1..6] channel, name, card, cursor, shown, failed; ARGV[7] the incident ID;
-- ARGV[8] what is being posted (pending)
redis.call('HSET', KEYS[1], 'channel', ARGV[1], 'name', ARGV[2], 'card', ARGV[3],
  'cursor', ARGV[4], 'shown', ARGV[5], 'failed', ARGV[6], 'pending', ARGV[8])
if ARGV[1] ~= '' then
  redis.call('SET', KEYS[2], ARGV[7])
end
return 1
