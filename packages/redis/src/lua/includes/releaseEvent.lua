--[[
  Retention: an event may be deleted once it is processed and no stored run was triggered by it
  (its trigger set is gone). Such events wait in `idle` by receivedAt until their time comes; a
  pending one enters when it is marked processed (markProcessed-3.lua).
  `log` holds the keys events, pending and eventsIdle.
]]
--- @include "includes/triggerKey"
--- @include "includes/receivedAtOf"
local function releaseEvent(prefix, log, eventId)
  if redis.call("EXISTS", triggerKey(prefix, eventId)) == 1 then
    return
  end
  if redis.call("ZSCORE", log.pending, eventId) then
    return
  end
  local json = redis.call("HGET", log.events, eventId)
  if json then
    redis.call("ZADD", log.eventsIdle, receivedAtOf(json), eventId)
  end
end
