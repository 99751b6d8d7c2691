--[[
  Retention: an event may be deleted once it is processed and no stored run was triggered by it
  (no entry in the triggers hash, log.triggers, and no set of the layout before it). Such events
  wait in eventsIdle by receivedAt until their time comes. `log` holds the keys events, pending,
  eventsIdle and triggers; the caller declares legacyTriggerKey(tag, eventId) too.
  markProcessed-n.lua, which has just taken the event off pending, skips that check
  (`processed` true).
]]
--- @include "includes/legacyTriggerKey"
--- @include "includes/receivedAtOf"
local function releaseEvent(tag, log, eventId, processed)
  if redis.call("HEXISTS", log.triggers, eventId) == 1 then
    return
  end
  if redis.call("EXISTS", legacyTriggerKey(tag, eventId)) == 1 then
    return
  end
  if not processed and redis.call("ZSCORE", log.pending, eventId) then
    return
  end
  local json = redis.call("HGET", log.events, eventId)
  if json then
    redis.call("ZADD", log.eventsIdle, receivedAtOf(json), eventId)
  end
end
