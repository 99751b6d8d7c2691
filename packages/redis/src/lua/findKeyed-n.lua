--[[
  Second half of findListeners: the listeners registered under each (signature, key) of the
  incoming event. Only the sets of those keys are read (SPEC R7).

  KEYS[1] listeners  hash listenerId -> listener JSON
  KEYS[2..] the listener sets of the event's (signature, key) pairs,
            {prefix}lk:<len>:<event>:<len>:<signature>:<key> (src/keys.ts, listenerSetKey)

  Reply: the listeners' JSON.
]]
--- @include "includes/presentValues"
local out = {}
for i = 2, #KEYS do
  presentValues(KEYS[1], redis.call("SMEMBERS", KEYS[i]), out)
end
return out
