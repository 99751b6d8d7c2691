--[[
  Store a run's hash and keep its indexes right: the state sets (global and per function) by
  order member, the trigger set, the set of the event that cancelled it (field "c", "" when none:
  runsCancelledBy), and for retention the ended set (runId by its end, only while
  run.ended is not "": core's runEndedAt) and the trigger event's place in eventsIdle (an event
  a stored run was triggered by is never idle). Only what changed is re-indexed.

  The run's JSON comes without "createdPos": it gets ctx.createdPos (the script's: the new
  position in createRun, field "p" in commitRun), appended as text, so Lua re-encodes nothing.
]]
--- @include "includes/runIndexKey"
--- @include "includes/triggerKey"
--- @include "includes/releaseEvent"
--- @include "includes/cancelledByKey"
local function putRun(ctx, run)
  local prefix, key = ctx.prefix, ctx.runKey
  local old = redis.call("HMGET", key, "s", "f", "o", "t", "e", "c")
  local state, functionId, order, trigger, ended = old[1], old[2], old[3], old[4], old[5]
  local canceller = old[6] or ""
  if state ~= run.state or functionId ~= run.functionId or order ~= run.order then
    if state then
      redis.call("ZREM", runIndexKey(prefix, false, state), order)
      redis.call("ZREM", runIndexKey(prefix, functionId, state), order)
    end
    redis.call("ZADD", runIndexKey(prefix, false, run.state), 0, run.order)
    redis.call("ZADD", runIndexKey(prefix, run.functionId, run.state), 0, run.order)
  end
  if trigger ~= run.trigger then
    redis.call("SADD", triggerKey(prefix, run.trigger), run.id)
    redis.call("ZREM", ctx.log.eventsIdle, run.trigger)
    if trigger then
      redis.call("SREM", triggerKey(prefix, trigger), run.id)
      releaseEvent(prefix, ctx.log, trigger, false)
    end
  end
  local json = string.sub(run.json, 1, -2) .. ',"createdPos":' .. ctx.createdPos .. "}"
  redis.call("HSET", key, "v", run.version, "s", run.state, "f", run.functionId, "o", run.order,
    "t", run.trigger, "p", ctx.createdPos, "j", json)
  -- Field "c", present only while the record names an event, as "e" below.
  if canceller ~= run.canceller then
    if canceller ~= "" then
      redis.call("SREM", cancelledByKey(prefix, canceller), run.id)
      redis.call("HDEL", key, "c")
    end
    if run.canceller ~= "" then
      redis.call("SADD", cancelledByKey(prefix, run.canceller), run.id)
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
end
