-- enqueue_job: claim one firing of a scheduled job (a hand-over, a report)
-- and enqueue its effects in one step, so a crash can neither claim a
-- firing without its posts (lost) nor leave posts unclaimed (repeated).
-- KEYS[1] the job's firing key; KEYS[2..n] the stream of each effect
-- ARGV[1] how long the claim is kept (seconds); ARGV[2..n] each effect (JSON)
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  return 0
end
for i = 2, #KEYS do
  redis.call('XADD', KEYS[i], '*', 'e', ARGV[i])
end
return 1
