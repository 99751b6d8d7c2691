--[[
  Mark events processed, so pendingEvents no longer returns them. An event no stored run was
  triggered by may be deleted by retention from now on: it joins eventsIdle by receivedAt.
  src/events.ts sends the markings of one event-loop turn together, in the order they were
  asked for; each is independent of the others.

  KEYS[1] pending     sorted set internalId by seq
  KEYS[2] events      hash internalId -> stored event JSON
  KEYS[3] eventsIdle  sorted set internalId by receivedAt (see includes/releaseEvent.lua)
  KEYS[4] triggers    hash internalId -> the ids of the runs it triggered (read, never written)
  KEYS[4 + i] legacy  event i's trigger set of the layout before KEYS[4],
                      {prefix}x:e:<internalId> (read, never written)

  ARGV[1] the namespace's hash tag, {prefix} (includes/legacyTriggerKey names KEYS[4 + i])
  ARGV[1 + i] event i's internal id

  Reply: per event, 1 if it was pending, 0 otherwise (then nothing changed for it).
]]
--- @include "includes/releaseEvent"
local log = { pending = KEYS[1], events = KEYS[2], eventsIdle = KEYS[3], triggers = KEYS[4] }
local marked = {}
for i = 2, #ARGV do
  if redis.call("ZREM", KEYS[1], ARGV[i]) == 0 then
    marked[i - 1] = 0
  else
    releaseEvent(ARGV[1], log, ARGV[i], true)
    marked[i - 1] = 1
  end
end
return marked
