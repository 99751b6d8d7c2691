--[[
  Add a listener (replacing one with the same id) and index it under its event name, and under
  signature + key when `indexed` is "1": the first listener of a signature and key takes the
  field of its event's li: hash, any more go to that key's lk: set (includes/listenerIndexKey),
  and the event's ls: hash counts them. `shape` is its shape's JSON and `own` its own fields'
  (src/stored-form.ts): the shape is counted in `shapesKey` (includes/listenerShapes) and `l`
  keeps `own` with the shape's id. planAddListener names the keys it touches: the replaced
  listener's and the new one's.
]]
--- @include "includes/removeListener"
local function planAddListener(tag, listenersKey, shapesKey, id, event, indexed, signature, key)
  planRemoveListener(tag, listenersKey, shapesKey, id)
  for _, name in ipairs(listenerKeys(tag, event, indexed == "1", signature, key)) do
    need(name)
  end
end

local function addListener(tag, listenersKey, shapesKey, l, own)
  removeListener(tag, listenersKey, shapesKey, l.id)
  local shapeId = holdShape(shapesKey, l.shape)
  redis.call("HSET", listenersKey, l.id, shapedListenerJson(shapeId, own))
  local keys = listenerKeys(tag, l.event, l.indexed == "1", l.signature, l.key)
  if keys[2] then
    local field = listenerIndexField(l.signature, l.key)
    local added = redis.call("HSETNX", keys[3], field, l.id) == 1
    if not added and redis.call("HGET", keys[3], field) ~= l.id then
      added = redis.call("SADD", keys[1], l.id) == 1
    end
    if added then
      redis.call("HINCRBY", keys[2], l.signature, 1)
    end
  else
    redis.call("SADD", keys[1], l.id)
  end
end
