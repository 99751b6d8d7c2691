--[[
  Store a run's hash and keep its indexes right: the state sets (global and per function) by
  order member, and the trigger set. Only what changed is re-indexed.
]]
--- @include "includes/runIndexKey"
--- @include "includes/triggerKey"
local function putRun(prefix, key, run)
  local old = redis.call("HMGET", key, "s", "f", "o", "t")
  local state, functionId, order, trigger = old[1], old[2], old[3], old[4]
  if state ~= run.state or functionId ~= run.functionId or order ~= run.order then
    if state then
      redis.call("ZREM", runIndexKey(prefix, false, state), order)
      redis.call("ZREM", runIndexKey(prefix, functionId, state), order)
    end
    redis.call("ZADD", runIndexKey(prefix, false, run.state), 0, run.order)
    redis.call("ZADD", runIndexKey(prefix, run.functionId, run.state), 0, run.order)
  end
  if trigger ~= run.trigger then
    if trigger then
      redis.call("SREM", triggerKey(prefix, trigger), run.id)
    end
    redis.call("SADD", triggerKey(prefix, run.trigger), run.id)
  end
  redis.call("HSET", key, "v", run.version, "s", run.state, "f", run.functionId, "o", run.order,
    "t", run.trigger, "j", run.json)
end
