--[[
  The earliest timer and the earliest queue item, for a scheduler to sleep until.

  KEYS[1] timers  sorted set runId by due time
  KEYS[2] queue   sorted set runId by due time

  Reply: {timerScore | nil, queueScore | nil}, scores as Redis prints them.
]]
local timer = redis.call("ZRANGE", KEYS[1], 0, 0, "WITHSCORES")
local queued = redis.call("ZRANGE", KEYS[2], 0, 0, "WITHSCORES")
return { timer[2] or false, queued[2] or false }
