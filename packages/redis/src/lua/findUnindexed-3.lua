--[[
  First half of findListeners: the index signatures in use for an event name, and the listeners
  without an index key (evaluated per candidate).

  KEYS[1] listeners   hash listenerId -> listener JSON
  KEYS[2] signatures  the event name's hash signature -> count, {prefix}ls:<event>
  KEYS[3] unindexed   the event name's set of unindexed listener ids, {prefix}lu:<event>

  Reply: {signatures, listenerJsons}.
]]
--- @include "includes/presentValues"
local signatures = redis.call("HKEYS", KEYS[2])
local ids = redis.call("SMEMBERS", KEYS[3])
return { signatures, presentValues(KEYS[1], ids, {}) }
