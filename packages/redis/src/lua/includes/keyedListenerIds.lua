--[[
  The ids of the listeners registered under the (signature, key) pairs a lookup names, each
  once, first listeners first: `index` is the event name's `li:` hash, ARGV[i] its field for
  the pair whose `lk:` set is KEYS[first + i - 1] (findListeners-n, findKeyed-n).
]]
local function keyedListenerIds(index, first)
  local ids, seen = {}, {}
  local function found(id)
    if not seen[id] then
      seen[id] = true
      ids[#ids + 1] = id
    end
  end
  local firsts = redis.call("HMGET", index, unpack(ARGV))
  for i = first, #KEYS do
    if firsts[i - first + 1] then
      found(firsts[i - first + 1])
    end
    for _, id in ipairs(redis.call("SMEMBERS", KEYS[i])) do
      found(id)
    end
  end
  return ids
end
