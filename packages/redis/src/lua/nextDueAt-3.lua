--[[
  The earliest timer, queue item and lease expiry, for a scheduler to sleep until.

  KEYS[1] timers  sorted set runId by due time
  KEYS[2] queue   sorted set runId by due time
  KEYS[3] leases  sorted set runId by lease expiry

  Reply: {timerScore | nil, queueScore | nil, leaseScore | nil}, scores as Redis prints them.
]]
local out = {}
for i = 1, 3 do
  local head = redis.call("ZRANGE", KEYS[i], 0, 0, "WITHSCORES")
  out[i] = head[2] or false
end
return out
