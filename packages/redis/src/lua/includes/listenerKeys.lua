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
--- @include "includes/listenerShapes"
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
  The event name and index of a decoded stored listener, in any stored form (src/stored-form.ts):
  the long one, with an "id" key, names them "event" and "index"; the short one of the version
  before "e" and "ix" (left out when null; the index object inside is the same in both); the
  shaped one, with an "s" key, keeps the event and signature in its shape ("e", "sg", read from
  `shapesKey`, a declared key: includes/listenerShapes) and its index key as "ky". For a shaped
  one, also its shape's id and value in `shapesKey` (false when missing).
]]
local function storedListenerFields(shapesKey, listener)
  if listener["id"] ~= nil then
    return listener["event"], listener["index"]
  end
  local shapeId = listener["s"]
  if type(shapeId) ~= "string" then
    return listener["e"], listener["ix"]
  end
  local value = redis.call("HGET", shapesKey, shapeId)
  local ok, shape = pcall(cjson.decode, value and (storedShape(value)) or "")
  if not ok or type(shape) ~= "table" then
    return nil, nil, shapeId, value
  end
  local index = nil
  if shape["sg"] ~= nil then
    index = { signature = shape["sg"], key = listener["ky"] }
  end
  return shape["e"], index, shapeId, value
end

--[[
  The index keys of a stored listener's JSON, or {} for a value that does not decode, its index
  signature and key (nil when it has none), and its shape's id and value (storedListenerFields).
]]
local function storedListenerKeys(tag, shapesKey, json)
  local ok, listener = pcall(cjson.decode, json)
  if not ok or type(listener) ~= "table" then
    return {}
  end
  local event, index, shapeId, value = storedListenerFields(shapesKey, listener)
  if type(event) ~= "string" then
    return {}, nil, nil, shapeId, value
  end
  if type(index) ~= "table" then
    return listenerKeys(tag, event, false), nil, nil, shapeId, value
  end
  local signature, key = index["signature"], index["key"]
  if type(signature) ~= "string" or type(key) ~= "string" then
    return {}, nil, nil, shapeId, value
  end
  return listenerKeys(tag, event, true, signature, key), signature, key, shapeId, value
end
