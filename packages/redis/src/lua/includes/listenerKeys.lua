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
  The index keys of a stored listener's JSON, or {} for a value that does not decode, its index
  signature and key (nil when it has none), and the id of its shape (nil in the forms before
  shapes). Every stored form (src/stored-form.ts) is read: the long one, with an "id" key, names
  the fields "event" and "index"; the short one of the version before "e" and "ix" (left out
  when null; the index object inside is the same in both); the shaped one, with an "s" key,
  keeps the event and signature in its shape ("e", "sg": read from `shapesKey`, a declared key,
  includes/listenerShapes) and its index key as "ky".
]]
local function storedListenerKeys(tag, shapesKey, json)
  local ok, listener = pcall(cjson.decode, json)
  if not ok or type(listener) ~= "table" then
    return {}
  end
  local event, index, shapeId = listener["e"], listener["ix"], nil
  if listener["id"] ~= nil then
    event, index = listener["event"], listener["index"]
  elseif type(listener["s"]) == "string" then
    shapeId = listener["s"]
    local decoded, shape = pcall(cjson.decode, redis.call("HGET", shapesKey, shapeId) or "")
    if not decoded or type(shape) ~= "table" then
      return {}, nil, nil, shapeId
    end
    event, index = shape["e"], nil
    if shape["sg"] ~= nil then
      index = { signature = shape["sg"], key = listener["ky"] }
    end
  end
  if type(event) ~= "string" then
    return {}, nil, nil, shapeId
  end
  if type(index) == "table" then
    local signature, key = index["signature"], index["key"]
    if type(signature) ~= "string" or type(key) ~= "string" then
      return {}, nil, nil, shapeId
    end
    return listenerKeys(tag, event, true, signature, key), signature, key, shapeId
  end
  return listenerKeys(tag, event, false), nil, nil, shapeId
end
