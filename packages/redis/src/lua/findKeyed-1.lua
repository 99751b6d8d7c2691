--[[
  Second half of findListeners: the listeners registered under each (signature, key) of the
  incoming event. Only the sets of those keys are read (SPEC R7).

  KEYS[1] listeners  hash listenerId -> listener JSON

  ARGV[1] namespace prefix
  ARGV[2] event name
  ARGV[3..] pairs: signature, key

  Reply: the listeners' JSON.
]]
--- @include "includes/listenerSetKey"
--- @include "includes/presentValues"
local out = {}
for i = 3, #ARGV, 2 do
  local ids = redis.call("SMEMBERS", listenerSetKey(ARGV[1], ARGV[2], ARGV[i], ARGV[i + 1]))
  presentValues(KEYS[1], ids, out)
end
return out
