--[[
  First half of findListeners: the index signatures in use for an event name, and the listeners
  without an index key (evaluated per candidate).

  KEYS[1] listeners  hash listenerId -> listener JSON

  ARGV[1] namespace prefix
  ARGV[2] event name

  Reply: {signatures, listenerJsons}.
]]
--- @include "includes/signaturesKey"
--- @include "includes/unindexedKey"
--- @include "includes/presentValues"
local signatures = redis.call("HKEYS", signaturesKey(ARGV[1], ARGV[2]))
local ids = redis.call("SMEMBERS", unindexedKey(ARGV[1], ARGV[2]))
return { signatures, presentValues(KEYS[1], ids, {}) }
