--[[
  The index keys of a listener: {set, counts, hash} for one with an index key (its lk: set, its
  event's ls: hash and its event's li: hash), {set} for one without (its event's lu: set).
  removeListener and the plans read them from here, so a plan names exactly what the write
  touches.
]]
--- @include "includes/listenerSetKey"
--- @include "includes/listenerIndexKey"
--- @include "includes/signaturesKey"
--- @include "includes/unindexedKey"
local function listenerKeys(tag, event, indexed, signature, key)
  if indexed then
    return {
      listenerSetKey(tag, event, signature, key), signaturesKey(tag, event),
      listenerIndexKey(tag, event),
    }
  end
  return { unindexedKey(tag, event) }
end

--[[
  The index keys of a stored listener's JSON, or {} for a value that does not decode, and its
  index signature and key (nil when it has none). Both stored forms (src/stored-form.ts) are read: the
  long one, with an "id" key, names the fields "event" and "index"; the short one "e" and "ix",
  and leaves "ix" out when it is null. The index object inside is the same in both.
]]
local function storedListenerKeys(tag, json)
  local ok, listener = pcall(cjson.decode, json)
  if not ok or type(listener) ~= "table" then
    return {}
  end
  local event, index = listener["e"], listener["ix"]
  if listener["id"] ~= nil then
    event, index = listener["event"], listener["index"]
  end
  if type(event) ~= "string" then
    return {}
  end
  if type(index) == "table" then
    local signature, key = index["signature"], index["key"]
    return listenerKeys(tag, event, true, signature, key), signature, key
  end
  return listenerKeys(tag, event, false)
end
