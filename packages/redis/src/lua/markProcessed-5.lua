--[[
  Mark an event processed, so pendingEvents no longer returns it. If no stored run was
  triggered by it, retention may delete it from now on: it joins eventsIdle by receivedAt.

  KEYS[1] pending     sorted set internalId by seq
  KEYS[2] events      hash internalId -> stored event JSON
  KEYS[3] eventsIdle  sorted set internalId by receivedAt (see includes/releaseEvent.lua)
  KEYS[4] triggers    hash internalId -> the ids of the runs it triggered (read, never written)
  KEYS[5] legacy      the event's trigger set of the layout before KEYS[4],
                      {prefix}x:e:<internalId> (read, never written)

  ARGV[1] the namespace's hash tag, {prefix} (includes/legacyTriggerKey names KEYS[5] from it)
  ARGV[2] the event's internal id

  Reply: 1 if the event was pending, 0 otherwise (then nothing changed).
]]
--- @include "includes/releaseEvent"
if redis.call("ZREM", KEYS[1], ARGV[2]) == 0 then
  return 0
end
local log = { pending = KEYS[1], events = KEYS[2], eventsIdle = KEYS[3], triggers = KEYS[4] }
releaseEvent(ARGV[1], log, ARGV[2], true)
return 1
