--[[
  The runs whose cancellation record names an event, at their current version.

  No KEYS: the cancelled-by set and run hashes derive from the prefix.

  ARGV[1] namespace prefix
  ARGV[2] the event's internal id

  Reply: the runs' JSON, in no particular order.
]]
--- @include "includes/cancelledByKey"
--- @include "includes/runKey"
local out = {}
for _, id in ipairs(redis.call("SMEMBERS", cancelledByKey(ARGV[1], ARGV[2]))) do
  local json = redis.call("HGET", runKey(ARGV[1], id), "j")
  if json then
    out[#out + 1] = json
  end
end
return out
