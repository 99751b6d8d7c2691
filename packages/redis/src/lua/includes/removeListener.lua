--[[
  Remove a listener by id from the listener hash and its index; unknown ids are ignored. A
  stored value that does not decode (never written by this store) loses only its index entry:
  raising here would abort a script after its first writes, and scripts must be all or nothing.
]]
--- @include "includes/listenerSetKey"
--- @include "includes/signaturesKey"
--- @include "includes/unindexedKey"
local function removeListener(prefix, listenersKey, id)
  local json = redis.call("HGET", listenersKey, id)
  if not json then
    return
  end
  local ok, listener = pcall(cjson.decode, json)
  if not ok or type(listener) ~= "table" or type(listener["event"]) ~= "string" then
    redis.call("HDEL", listenersKey, id)
    return
  end
  local event = listener["event"]
  local index = listener["index"]
  if type(index) == "table" then
    local signature = index["signature"]
    if redis.call("SREM", listenerSetKey(prefix, event, signature, index["key"]), id) == 1 then
      local counts = signaturesKey(prefix, event)
      if redis.call("HINCRBY", counts, signature, -1) <= 0 then
        redis.call("HDEL", counts, signature)
      end
    end
  else
    redis.call("SREM", unindexedKey(prefix, event), id)
  end
  redis.call("HDEL", listenersKey, id)
end
