-- claim_dedup: find or allocate the incident of a dedup key.
-- KEYS[1] the dedup key, KEYS[2] the incident sequence
-- ARGV[1] an incident ID the caller found resolved and too old to reopen
--         (replace it with a new incident), or "" 
-- Returns {id, 1} when a new incident number was allocated, {id, 0} otherwise.
local cur = redis.call('GET', KEYS[1])
if cur and cur ~= ARGV[1] then
  return {cur, 0}
end
local id = 'INC-' .. redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], id)
return {id, 1}
