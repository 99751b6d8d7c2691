--[[
  Remove a listener by id from the listener hash and its index, and count it off its shape
  (includes/listenerShapes); unknown ids are ignored. A stored value that does not decode (never
  written by this store) loses only its hash entry (and its shape's count, when it names one):
  raising here would abort a script after its first writes, and scripts must be all or nothing.
  planRemoveListener names the keys removeListener touches (includes/declared); the shapes hash
  is a fixed key of every script that writes listeners.
]]
--- @include "includes/declared"
--- @include "includes/listenerKeys"
--- @include "includes/listenerIndexField"
--- @include "includes/listenerShapes"
local function planRemoveListener(tag, listenersKey, shapesKey, id)
  local json = redis.call("HGET", listenersKey, id)
  if json then
    for _, key in ipairs(storedListenerKeys(tag, shapesKey, json)) do
      need(key)
    end
  end
end

local function removeListener(tag, listenersKey, shapesKey, id)
  local json = redis.call("HGET", listenersKey, id)
  if not json then
    return
  end
  local keys, signature, key, shapeId, shape = storedListenerKeys(tag, shapesKey, json)
  if keys[2] then
    local field = listenerIndexField(signature, key)
    local removed
    if redis.call("HGET", keys[3], field) == id then
      removed = redis.call("HDEL", keys[3], field) == 1
    else
      removed = redis.call("SREM", keys[1], id) == 1
    end
    if removed then
      if redis.call("HINCRBY", keys[2], signature, -1) <= 0 then
        redis.call("HDEL", keys[2], signature)
      end
    end
  elseif keys[1] then
    redis.call("SREM", keys[1], id)
  end
  redis.call("HDEL", listenersKey, id)
  if shapeId then
    releaseShape(shapesKey, shapeId, shape)
  end
end
