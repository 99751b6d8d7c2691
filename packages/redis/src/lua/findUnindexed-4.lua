--[[
  First half of findListeners: the index signatures in use for an event name, and the listeners
  without an index key (evaluated per candidate) with their shapes.

  KEYS[1] listeners   hash listenerId -> listener JSON
  KEYS[2] shapes      hash shape id -> listener shape JSON (includes/listenerShapes)
  KEYS[3] signatures  the event name's hash signature -> count, {prefix}ls:<event>
  KEYS[4] unindexed   the event name's set of unindexed listener ids, {prefix}lu:<event>

  Reply: {signatures, listenerIds, listenerJsons, shapeIds, shapeJsons} (includes/
  storedListeners).
]]
--- @include "includes/storedListeners"
local signatures = redis.call("HKEYS", KEYS[3])
local found = storedListeners(KEYS[1], KEYS[2], redis.call("SMEMBERS", KEYS[4]))
return { signatures, found[1], found[2], found[3], found[4] }
