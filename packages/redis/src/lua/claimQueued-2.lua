--[[
  Take up to `limit` due runs off the execution queue, earliest first (ties by run id), and
  lease each one in the same step: a claimer that dies leaves a lease that expires, never a run
  that nobody will execute.

  KEYS[1] queue   sorted set runId by due time
  KEYS[2] leases  sorted set runId by lease expiry

  ARGV[1] now (score)
  ARGV[2] limit (> 0)
  ARGV[3] lease expiry of the claimed runs (score)

  Reply: the claimed run ids, in order.
]]
local ids = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, ARGV[2])
for _, id in ipairs(ids) do
  redis.call("ZREM", KEYS[1], id)
  redis.call("ZADD", KEYS[2], ARGV[3], id)
end
return ids
