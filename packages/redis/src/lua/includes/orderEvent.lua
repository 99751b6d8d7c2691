--[[
  Add a stored event to the listEvents sets (all events, and its name's), or with `remove`
  take it out of them. `receivedAt` is the text of a number (an ARGV or a score).
]]
--- @include "includes/eventOrderKey"
--- @include "includes/sortableTime"
local function orderEvent(tag, internalId, receivedAt, name, remove)
  local member = sortableTime(receivedAt) .. internalId
  if remove then
    redis.call("ZREM", eventOrderKey(tag, false), member)
    redis.call("ZREM", eventOrderKey(tag, name), member)
  else
    redis.call("ZADD", eventOrderKey(tag, false), 0, member)
    redis.call("ZADD", eventOrderKey(tag, name), 0, member)
  end
end
