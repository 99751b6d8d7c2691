--[[
  Store a run's hash and keep its indexes right: the state sets (global and per function) by
  order member, the triggers hash (includes/triggers), the set of the event that cancelled it
  (field "c", "" when none: runsCancelledBy), and for retention the ended set (runId by its end,
  only while run.ended is not "": core's runEndedAt) and the trigger event's place in
  eventsIdle (an event a stored run was triggered by is never idle). Only what changed is
  re-indexed.

  The run's JSON (in the stored form, src/stored-form.ts) comes without the fields the hash
  keeps on its own, which reading puts back: "v" version, "s" state, "f" functionId, "t"
  triggerEventId and "p" createdPos, ctx.createdPos (the script's: the new position in
  createRun, field "p" in commitRun), and the id, in the key. It leaves the trigger event out
  when the event log holds it (includes/runJsonFor), and then field "r" is "1". The JSON
  itself is field "j" or pieces of it (includes/putRunJson).
]]
--- @include "includes/runIndexKey"
--- @include "includes/legacyTriggerKey"
--- @include "includes/triggers"
--- @include "includes/releaseEvent"
--- @include "includes/cancelledByKey"
--- @include "includes/declared"
--- @include "includes/putRunJson"
--- @include "includes/runJsonFor"

--[[
  A write may send "" for the trigger event's JSON (`run.event`) when it knows the stored run
  takes it from the log (field "r") under the same trigger: the event then stays the log's, and
  the write sends no copy of it. If the hash says otherwise, planRun sets EVENT.needed and the
  script answers CODE.EVENT_NEEDED before writing; the client sends the write again with the
  event.
]]
local EVENT = { needed = false }

--[[ Name every key putRun touches for `run`, given what the hash holds now (includes/declared). ]]
local function planRun(ctx, run)
  local tag = ctx.tag
  local old = redis.call("HMGET", ctx.runKey, "s", "f", "o", "t", "c", "r")
  local state, functionId, order, trigger = old[1], old[2], old[3], old[4]
  local canceller = old[5] or ""
  if run.event == "" and not (old[6] == "1" and trigger == run.trigger) then
    EVENT.needed = true
  end
  if state ~= run.state or functionId ~= run.functionId or order ~= run.order then
    if state then
      need(runIndexKey(tag, false, state))
      need(runIndexKey(tag, functionId, state))
    end
    need(runIndexKey(tag, false, run.state))
    need(runIndexKey(tag, run.functionId, run.state))
  end
  -- A run leaving a trigger (only a commit that changes triggerEventId does) leaves the set of
  -- the layout before the triggers hash too, whichever indexes it.
  if trigger and trigger ~= run.trigger then
    need(legacyTriggerKey(tag, trigger))
  end
  if canceller ~= run.canceller then
    if canceller ~= "" then
      need(cancelledByKey(tag, canceller))
    end
    if run.canceller ~= "" then
      need(cancelledByKey(tag, run.canceller))
    end
  end
end

local function putRun(ctx, run)
  local tag, key = ctx.tag, ctx.runKey
  local old = redis.call("HMGET", key, "s", "f", "o", "t", "e", "c", "n", "r")
  local state, functionId, order, trigger, ended = old[1], old[2], old[3], old[4], old[5]
  local canceller = old[6] or ""
  if state ~= run.state or functionId ~= run.functionId or order ~= run.order then
    if state then
      redis.call("ZREM", runIndexKey(tag, false, state), order)
      redis.call("ZREM", runIndexKey(tag, functionId, state), order)
    end
    redis.call("ZADD", runIndexKey(tag, false, run.state), 0, run.order)
    redis.call("ZADD", runIndexKey(tag, run.functionId, run.state), 0, run.order)
  end
  if trigger ~= run.trigger then
    addTrigger(ctx.log.triggers, run.trigger, run.id)
    redis.call("ZREM", ctx.log.eventsIdle, run.trigger)
    if trigger then
      removeTrigger(ctx.log.triggers, trigger, run.id)
      redis.call("SREM", legacyTriggerKey(tag, trigger), run.id)
      releaseEvent(tag, ctx.log, trigger, false)
    end
  end
  local json, byReference = runJsonFor(ctx.log.events, run)
  local fields = { "v", run.version, "s", run.state, "f", run.functionId, "o", run.order,
    "t", run.trigger, "p", ctx.createdPos }
  if byReference then
    fields[#fields + 1] = "r"
    fields[#fields + 1] = "1"
  elseif old[8] then
    redis.call("HDEL", key, "r")
  end
  putRunJson(key, fields, json, old[7], state)
  -- Field "c", present only while the record names an event, as "e" below.
  if canceller ~= run.canceller then
    if canceller ~= "" then
      redis.call("SREM", cancelledByKey(tag, canceller), run.id)
      redis.call("HDEL", key, "c")
    end
    if run.canceller ~= "" then
      redis.call("SADD", cancelledByKey(tag, run.canceller), run.id)
      redis.call("HSET", key, "c", run.canceller)
    end
  end
  -- Field "e", present only while the run is in `ended`, spares other commits the index.
  if run.ended ~= "" then
    redis.call("ZADD", ctx.ended, run.ended, run.id)
    redis.call("HSET", key, "e", run.ended)
  elseif ended then
    redis.call("ZREM", ctx.ended, run.id)
    redis.call("HDEL", key, "e")
  end
  return byReference
end
