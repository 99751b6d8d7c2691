--[[
  Take up to `limit` runs whose lease expired (expiry <= now), earliest first (ties by run id),
  and lease each one again for the caller, which now recovers it. If the caller dies too, the
  new lease expires and someone else recovers it.

  KEYS[1] leases  sorted set runId by lease expiry

  ARGV[1] now (score)
  ARGV[2] limit (> 0)
  ARGV[3] the recoverer's lease expiry (score)

  Reply: the run ids, in order.
]]
local ids = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, ARGV[2])
for _, id in ipairs(ids) do
  redis.call("ZADD", KEYS[1], ARGV[3], id)
end
return ids
