--[[
  Listener shapes (src/stored-form.ts): what the listeners of one function's cancelOn rule, or
  of one wait, share (functionId, kind, event, expression, index signature) is stored once, in
  the namespace's hash {prefix}l:s (a fixed key, in the KEYS of every script that reads or
  writes it): field <id>, value "<count> <json>", how many listeners in `l` refer to it and its
  JSON (one field, not two: a hash of one ~100 B value is 288 B, with a count field 336 B). A
  listener's JSON in `l` starts with {"s":"<id>", and keeps only its own fields.

  The id is the first 8 hex digits of the SHA-1 of the shape's JSON (TypeScript writes its keys
  in a fixed order), so the same shape finds the same field without an index of its own; a
  field taken by another shape (a collision) moves it to <digits>.1, .2... A shape leaves with
  its last listener (holdShape and releaseShape run in the script that adds or removes it), so
  an expression built per run (a literal in it) does not grow the hash for ever.
]]
--[[ The shape JSON and listener count of a value of the shapes hash, "<count> <json>". ]]
local function storedShape(value)
  local space = string.find(value, " ", 1, true)
  if not space then
    return value, 0
  end
  return string.sub(value, space + 1), tonumber(string.sub(value, 1, space - 1)) or 0
end

--[[ The id of the shape a stored listener's JSON refers to, or nil (a form before shapes). ]]
local function shapeIdOf(json)
  return string.match(json, '^{"s":"([^"]+)"')
end

--[[ Count one more listener of `shape` (its JSON), storing it if it is new; returns its id. ]]
local function holdShape(shapesKey, shape)
  local digest = string.sub(redis.sha1hex(shape), 1, 8)
  local id, n = digest, 0
  while true do
    local value = redis.call("HGET", shapesKey, id)
    local json, count = false, 0
    if value then
      json, count = storedShape(value)
    end
    if not value or json == shape then
      redis.call("HSET", shapesKey, id, (count + 1) .. " " .. shape)
      return id
    end
    n = n + 1
    id = digest .. "." .. n
  end
end

--[[
  Count one listener of shape `id` less, deleting the shape with its last listener. `value` is
  its value in the shapes hash, as the caller read it in this script (false when missing).
]]
local function releaseShape(shapesKey, id, value)
  if not value then
    return
  end
  local json, count = storedShape(value)
  if count <= 1 then
    redis.call("HDEL", shapesKey, id)
  else
    redis.call("HSET", shapesKey, id, (count - 1) .. " " .. json)
  end
end

--[[
  A listener's JSON as `l` keeps it: its own JSON (from TypeScript, never empty: it has the
  run id) with the reference to shape `id` put first.
]]
local function shapedListenerJson(id, own)
  return '{"s":"' .. id .. '",' .. string.sub(own, 2)
end
