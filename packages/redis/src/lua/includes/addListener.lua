--[[
  Add a listener (replacing one with the same id) and index it under its event name, and under
  signature + key when `indexed` is "1": the first listener of a signature and key takes the
  field of its event's li: hash, any more go to that key's lk: set (includes/listenerIndexKey),
  and the event's ls: hash counts them. planAddListener names the keys it touches: the replaced
  listener's and the new one's.
]]
--- @include "includes/removeListener"
local function planAddListener(tag, listenersKey, id, event, indexed, signature, key)
  planRemoveListener(tag, listenersKey, id)
  for _, name in ipairs(listenerKeys(tag, event, indexed == "1", signature, key)) do
    need(name)
  end
end

local function addListener(tag, listenersKey, id, event, indexed, signature, key, json)
  removeListener(tag, listenersKey, id)
  redis.call("HSET", listenersKey, id, json)
  local keys = listenerKeys(tag, event, indexed == "1", signature, key)
  if keys[2] then
    local field = listenerIndexField(signature, key)
    local added = redis.call("HSETNX", keys[3], field, id) == 1
    if not added and redis.call("HGET", keys[3], field) ~= id then
      added = redis.call("SADD", keys[1], id) == 1
    end
    if added then
      redis.call("HINCRBY", keys[2], signature, 1)
    end
  else
    redis.call("SADD", keys[1], id)
  end
end
