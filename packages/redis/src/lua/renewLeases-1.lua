--[[
  Heartbeat: move the lease of each given run that still has one to a new expiry. A run without
  a lease left `running` (or was never leased): it gets none.

  KEYS[1] leases  sorted set runId by lease expiry

  ARGV[1] new expiry (score)
  ARGV[2..] run ids

  Reply: the ids renewed, in the order given.
]]
local renewed = {}
for i = 2, #ARGV do
  if redis.call("ZSCORE", KEYS[1], ARGV[i]) then
    redis.call("ZADD", KEYS[1], ARGV[1], ARGV[i])
    renewed[#renewed + 1] = ARGV[i]
  end
end
return renewed
