--[[
  The runs each event triggered (runsForEvent, and retention: an event a stored run was
  triggered by is never idle). One hash for the namespace, "x:t" (KEYS name it): field the
  event's internal id, value the ids of its runs joined by the byte 0xFF, which is never part of
  UTF-8 and so of no run id (src/keys.ts, TRIGGER_SEPARATOR). One id in the common case: one
  hash entry costs far less than a set of its own per event. Events indexed by a version before
  this hash have a set each instead (includes/legacyTriggerKey): never added to, emptied as
  their runs go.
]]
local TRIGGER_SEPARATOR = "\255"

local function triggeredIds(value)
  local ids, from = {}, 1
  while true do
    local at = string.find(value, TRIGGER_SEPARATOR, from, true)
    if not at then
      ids[#ids + 1] = string.sub(value, from)
      return ids
    end
    ids[#ids + 1] = string.sub(value, from, at - 1)
    from = at + 1
  end
end

local function addTrigger(key, eventId, runId)
  -- The common case, the event's first run, in one command.
  if redis.call("HSETNX", key, eventId, runId) == 1 then
    return
  end
  local value = redis.call("HGET", key, eventId)
  for _, id in ipairs(triggeredIds(value)) do
    if id == runId then
      return
    end
  end
  redis.call("HSET", key, eventId, value .. TRIGGER_SEPARATOR .. runId)
end

local function removeTrigger(key, eventId, runId)
  local value = redis.call("HGET", key, eventId)
  if not value then
    return
  end
  local ids, kept = triggeredIds(value), {}
  for _, id in ipairs(ids) do
    if id ~= runId then
      kept[#kept + 1] = id
    end
  end
  if #kept == 0 then
    redis.call("HDEL", key, eventId)
  elseif #kept < #ids then
    redis.call("HSET", key, eventId, table.concat(kept, TRIGGER_SEPARATOR))
  end
end
