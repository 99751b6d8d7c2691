--[[
  Take up to `limit` due runs off the execution queue, earliest first (ties by run id).

  KEYS[1] queue   sorted set runId by due time

  ARGV[1] now (score)
  ARGV[2] limit (> 0)

  Reply: the claimed run ids, in order.
]]
local ids = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, ARGV[2])
for _, id in ipairs(ids) do
  redis.call("ZREM", KEYS[1], id)
end
return ids
