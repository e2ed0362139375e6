-- commit: one atomic state change of an incident.
-- KEYS[1]  the incident hash (fields v = version, data = JSON)
-- ARGV[1]  the version the change was computed from ("0": the incident must not exist)
-- ARGV[2]  the new incident JSON
-- ARGV[3]  number of extra commands; then for each: argc, command, args...
--          The pseudo-command SYNCONCE flag stream payload adds a room.sync
--          effect only when none is pending for that room (flag unset), so an
--          alert storm queues one sync per room, not one per change.
-- Returns 1 when written, 0 when the incident changed since it was read
-- (the caller reloads and computes the change again). The version is written
-- last, so a command that fails leaves the change visibly unfinished.
local cur = redis.call('HGET', KEYS[1], 'v')
local expected = tonumber(ARGV[1])
if (not cur and expected ~= 0) or (cur and tonumber(cur) ~= expected) then
  return 0
end
local i = 4
for _ = 1, tonumber(ARGV[3]) do
  local argc = tonumber(ARGV[i])
  if ARGV[i + 1] == 'SYNCONCE' then
    if redis.call('SET', ARGV[i + 2], '1', 'NX') then
      redis.call('XADD', ARGV[i + 3], '*', 'e', ARGV[i + 4])
    end
  else
    redis.call(unpack(ARGV, i + 1, i + argc))
  end
  i = i + argc + 1
end
redis.call('HSET', KEYS[1], 'data', ARGV[2], 'v', expected + 1)
return 1
