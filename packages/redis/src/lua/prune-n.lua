--[[
  One bounded batch of retention (Store.prune; what may go is core's rule, store/retention.ts),
  all or nothing, in this order:
  1. up to `limit` runs from `ended` with an end before endedBefore (earliest first, ties by id):
     the run hash, its members in the state sets, its entry in the triggers hash (and in its
     trigger event's set, from the layout before that hash), its entry in the set of
     the event that cancelled it, its timer, queue item and lease. A trigger event left with no
     run joins eventsIdle (includes/releaseEvent.lua).
  2. up to `limit` events from eventsIdle received before receivedBefore: processed, and no
     stored run was triggered by them (so step 1's freed triggers count), with their members in
     the listEvents sets (their name read from the stored JSON).
  3. up to `limit` bulk cancellations from bulkEnded with an end before endedBefore.
  4. up to `limit` user event ids whose dedupe window closed at `now`.

  KEYS[1] ended        sorted set runId by its end (runEndedAt)
  KEYS[2] events       hash internalId -> stored event JSON
  KEYS[3] eventsIdle   sorted set internalId by receivedAt
  KEYS[4] pending      sorted set internalId by seq
  KEYS[5] dedupeIds    hash user event id -> internalId
  KEYS[6] dedupeAt     sorted set user event id by receivedAt
  KEYS[7] bulk         hash id -> bulk cancellation JSON
  KEYS[8] bulkVersion  hash id -> version
  KEYS[9] bulkOrder    sorted set id by created_at
  KEYS[10] bulkEnded   sorted set id by its end (bulkCancellationEndedAt)
  KEYS[11] timers      sorted set runId by due time
  KEYS[12] queue       sorted set runId by due time
  KEYS[13] leases      sorted set runId by lease expiry
  KEYS[14] triggers    hash internalId -> the ids of the runs it triggered (includes/triggers)
  KEYS[15..] the keys the batch touches besides: the runs' hashes, state sets, the trigger
             sets of the layout before KEYS[14] (includes/legacyTriggerKey), cancelled-by sets,
             and the listEvents sets of the events. The client cannot know them: a first call
             answers KEYS_MISSING with the run hashes and the event sets it can name, a second
             one with what those hashes name (includes/declared); the third prunes, unless
             something changed in between.

  ARGV[1] the namespace's hash tag, {prefix} (the *Key includes name derived keys from it)
  ARGV[2] endedBefore (exclusive)
  ARGV[3] receivedBefore (exclusive)
  ARGV[4] now
  ARGV[5] limit (> 0)
  ARGV[6] dedupe window in ms

  Reply: {runs, events, bulkCancellations, dedupeKeys} deleted, or {CODE.KEYS_MISSING, {names}}
  (then nothing was deleted).
]]
--- @include "includes/codes"
--- @include "includes/declared"
--- @include "includes/runKey"
--- @include "includes/runIndexKey"
--- @include "includes/legacyTriggerKey"
--- @include "includes/triggers"
--- @include "includes/releaseEvent"
--- @include "includes/evictDedupe"
--- @include "includes/cancelledByKey"
--- @include "includes/orderEvent"
local tag, limit = ARGV[1], tonumber(ARGV[5])
local log = {
  events = KEYS[2], eventsIdle = KEYS[3], pending = KEYS[4], dedupeIds = KEYS[5],
  dedupeAt = KEYS[6], triggers = KEYS[14],
}

--[[ The name of a stored event's JSON, or nil for a value that does not decode. ]]
local function eventName(json)
  local ok, event = pcall(cjson.decode, json or "")
  if ok and type(event) == "table" and type(event.payload) == "table" then
    return tostring(event.payload.name)
  end
  return nil
end

local function planEvent(id)
  local name = eventName(redis.call("HGET", KEYS[2], id))
  if name then
    need(eventOrderKey(tag, false))
    need(eventOrderKey(tag, name))
  end
end

-- Plan: every key steps 1 and 2 touch. The events step 2 deletes are among the idle ones now
-- and the triggers step 1 frees (the earliest `limit` of a union are in the earliest `limit` of
-- each part together).
local runs = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", "(" .. ARGV[2], "LIMIT", 0, limit)
for _, id in ipairs(runs) do
  if need(runKey(tag, id)) then
    local stored = redis.call("HMGET", runKey(tag, id), "s", "f", "t", "c")
    if stored[1] then
      need(runIndexKey(tag, false, stored[1]))
      need(runIndexKey(tag, stored[2], stored[1]))
    end
    if stored[3] then
      need(legacyTriggerKey(tag, stored[3]))
      planEvent(stored[3])
    end
    if stored[4] then
      need(cancelledByKey(tag, stored[4]))
    end
  end
end
local idle = redis.call("ZRANGEBYSCORE", KEYS[3], "-inf", "(" .. ARGV[3], "LIMIT", 0, limit)
for _, id in ipairs(idle) do
  planEvent(id)
end
if #MISSING > 0 then
  return { CODE.KEYS_MISSING, MISSING }
end

for _, id in ipairs(runs) do
  local key = runKey(tag, id)
  local stored = redis.call("HMGET", key, "s", "f", "o", "t", "c")
  local state, functionId, order, trigger = stored[1], stored[2], stored[3], stored[4]
  if stored[5] then
    redis.call("SREM", cancelledByKey(tag, stored[5]), id)
  end
  if state then
    redis.call("ZREM", runIndexKey(tag, false, state), order)
    redis.call("ZREM", runIndexKey(tag, functionId, state), order)
  end
  redis.call("DEL", key)
  redis.call("ZREM", KEYS[1], id)
  redis.call("ZREM", KEYS[11], id)
  redis.call("ZREM", KEYS[12], id)
  redis.call("ZREM", KEYS[13], id)
  if trigger then
    removeTrigger(KEYS[14], trigger, id)
    redis.call("SREM", legacyTriggerKey(tag, trigger), id)
    releaseEvent(tag, log, trigger, false)
  end
end

local events = redis.call("ZRANGEBYSCORE", KEYS[3], "-inf", "(" .. ARGV[3], "WITHSCORES",
  "LIMIT", 0, limit)
for i = 1, #events, 2 do
  local id, receivedAt = events[i], events[i + 1]
  local name = eventName(redis.call("HGET", KEYS[2], id))
  if name then
    orderEvent(tag, id, receivedAt, name, true)
  end
  redis.call("HDEL", KEYS[2], id)
  redis.call("ZREM", KEYS[3], id)
end

local bulk = redis.call("ZRANGEBYSCORE", KEYS[10], "-inf", "(" .. ARGV[2], "LIMIT", 0, limit)
for _, id in ipairs(bulk) do
  redis.call("HDEL", KEYS[7], id)
  redis.call("HDEL", KEYS[8], id)
  redis.call("ZREM", KEYS[9], id)
  redis.call("ZREM", KEYS[10], id)
end

local dedupe = evictDedupe(log, tonumber(ARGV[4]), tonumber(ARGV[6]), limit)
return { #runs, #events / 2, #bulk, dedupe }
