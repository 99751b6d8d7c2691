--[[
  Add a listener (replacing one with the same id) and index it under its event name, and under
  signature + key when `indexed` is "1".
]]
--- @include "includes/removeListener"
local function addListener(prefix, listenersKey, id, event, indexed, signature, key, json)
  removeListener(prefix, listenersKey, id)
  redis.call("HSET", listenersKey, id, json)
  if indexed == "1" then
    if redis.call("SADD", listenerSetKey(prefix, event, signature, key), id) == 1 then
      redis.call("HINCRBY", signaturesKey(prefix, event), signature, 1)
    end
  else
    redis.call("SADD", unindexedKey(prefix, event), id)
  end
end
