-- claim_dedup: find or allocate the incident of a dedup key, and with the
-- storm guard count the source's new groups of this minute, so that the
-- count and the claim are one step on every replica.
-- KEYS[1] the dedup key, KEYS[2] the incident sequence
-- KEYS[3], KEYS[4] (storm guard only): the source's counter of new groups
--         in this minute (the minute is in the key), and the source's storm
--         record (hash: id, the storm incident; minute, the last minute a
--         group was diverted into it)
-- ARGV[1] an incident ID the caller found resolved and too old to reopen
--         (replace it with a new incident), or ""
-- ARGV[2] max new groups a minute, ARGV[3] this minute (Unix minutes of the
--         caller's clock), ARGV[4] the counter's TTL in seconds: garbage
--         collection only, never timing (the minute is in the key)
-- Returns {id, created, storm}: created 1 when a new incident number was
-- allocated; storm 0 for an ordinary incident, 1 when this claim diverted a
-- new group into the storm incident, 2 when the key already points at the
-- source's current storm incident.
local guard = #KEYS >= 4
local cur = redis.call('GET', KEYS[1])
if cur and cur ~= ARGV[1] then
  if guard and redis.call('HGET', KEYS[4], 'id') == cur then
    return {cur, 0, 2}
  end
  return {cur, 0, 0}
end
if guard then
  local n = redis.call('INCR', KEYS[3])
  if n == 1 then
    redis.call('EXPIRE', KEYS[3], ARGV[4])
  end
  if n > tonumber(ARGV[2]) then
    local minute = tonumber(ARGV[3])
    local rec = redis.call('HMGET', KEYS[4], 'id', 'minute')
    local id, last, created = rec[1], tonumber(rec[2]), 0
    -- The storm goes on while every minute since the last diversion was
    -- over the limit; a minute below it ended the storm. One minute of
    -- clock skew between replicas either way is the same storm. A storm
    -- incident the caller found too old to reopen is replaced too.
    if not id or not last or math.abs(minute - last) > 1 or id == ARGV[1] then
      id = 'INC-' .. redis.call('INCR', KEYS[2])
      created = 1
      last = minute
    end
    redis.call('HSET', KEYS[4], 'id', id, 'minute', math.max(minute, last))
    redis.call('SET', KEYS[1], id)
    return {id, created, 1}
  end
end
local id = 'INC-' .. redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], id)
return {id, 1, 0}
