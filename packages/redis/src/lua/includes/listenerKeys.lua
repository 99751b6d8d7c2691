--[[
  The index keys of a listener: {set, counts} for one with an index key (its lk: set and its
  event's ls: hash), {set} for one without (its event's lu: set). removeListener and the plans
  read them from here, so a plan names exactly what the write touches.
]]
--- @include "includes/listenerSetKey"
--- @include "includes/signaturesKey"
--- @include "includes/unindexedKey"
local function listenerKeys(tag, event, indexed, signature, key)
  if indexed then
    return { listenerSetKey(tag, event, signature, key), signaturesKey(tag, event) }
  end
  return { unindexedKey(tag, event) }
end

--[[
  The index keys of a stored listener's JSON, or {} for a value that does not decode, and its
  index signature (nil when it has none).
]]
local function storedListenerKeys(tag, json)
  local ok, listener = pcall(cjson.decode, json)
  if not ok or type(listener) ~= "table" or type(listener["event"]) ~= "string" then
    return {}
  end
  local index = listener["index"]
  if type(index) == "table" then
    local signature = index["signature"]
    return listenerKeys(tag, listener["event"], true, signature, index["key"]), signature
  end
  return listenerKeys(tag, listener["event"], false)
end
