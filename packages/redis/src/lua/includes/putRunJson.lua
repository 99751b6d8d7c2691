--[[
  Write a run's hash: `fields` (its own fields, a flat name/value list) and its JSON, in one
  HSET. The JSON takes one of two forms (src/stored-form.ts reads both):
  - pieces: fields "j0" .. "j<n-1>", JSON_PIECE_BYTES bytes each (the last one fewer), and
    their count in "n";
  - whole: field "j".
  Why pieces: Redis keeps a hash as a listpack (a few bytes a field) while every value is at
  most hash-max-listpack-value bytes (64 by default); one longer value makes it a hash table,
  ~40 B a field more. In pieces of 64 bytes, a run's hash stays a listpack on a server left at
  its defaults: ~280 B less for a JSON of 500 to 800 bytes, a sleeping run's (docs/redis.md,
  "A run's JSON in pieces"). Above JSON_MAX_PIECES pieces (1,536 bytes) the JSON stays whole:
  the listpack (one allocation, rounded up to the allocator's size class) then saves next to
  nothing on average and loses from 3 KB on, and each piece is one more field every write
  looks up. A hash that holds "j" keeps it (`existed` without `oldPieces`): with the default
  limits it is a hash table (Redis never turns one back into a listpack), where pieces would
  cost more than one value. That is a hash a version before this one wrote, or one whose JSON
  once outgrew the pieces. A hash that the pieces leave a hash table all the same (a field
  longer than the limit, such as a functionId of 65 bytes, or a server with lower limits) gets
  "j" instead, so it too keeps "j".
  Only one form is ever stored: `oldPieces` is the hash's "n" before this write (false when
  none), and the pieces beyond the new count (all of them with "n", for "j") are deleted.
]]
local JSON_PIECE_BYTES = 64
local JSON_MAX_PIECES = 24

--[[ HDEL of the pieces "j<from>" .. "j<to - 1>" and of the fields named in `...`, if any. ]]
local function deletePieces(key, from, to, ...)
  local names = { ... }
  for i = from, to - 1 do
    names[#names + 1] = "j" .. i
  end
  if #names > 0 then
    redis.call("HDEL", key, unpack(names))
  end
end

local function putRunJson(key, fields, json, oldPieces, existed)
  local count = math.ceil(#json / JSON_PIECE_BYTES)
  local old = tonumber(oldPieces or "0")
  if count <= JSON_MAX_PIECES and (oldPieces or not existed) then
    for i = 0, count - 1 do
      fields[#fields + 1] = "j" .. i
      fields[#fields + 1] = string.sub(json, i * JSON_PIECE_BYTES + 1, (i + 1) * JSON_PIECE_BYTES)
    end
    fields[#fields + 1] = "n"
    fields[#fields + 1] = string.format("%d", count)
    redis.call("HSET", key, unpack(fields))
    if redis.call("OBJECT", "ENCODING", key) ~= "hashtable" then
      deletePieces(key, count, old)
      return
    end
    redis.call("HSET", key, "j", json)
    deletePieces(key, 0, math.max(old, count), "n")
    return
  end
  fields[#fields + 1] = "j"
  fields[#fields + 1] = json
  redis.call("HSET", key, unpack(fields))
  if oldPieces then
    deletePieces(key, 0, old, "n")
  end
end
