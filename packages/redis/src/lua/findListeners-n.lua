--[[
  findListeners in one round trip when the caller guessed the event name's index signatures
  right: the signatures in use, the listeners without an index key (evaluated per candidate),
  and the listeners registered under each (signature, key) the caller computed from the
  signatures it knew (src/listeners.ts caches them per event name). A signature in the reply
  the caller did not guess is looked up with findKeyed-n; one it guessed that is gone finds
  nothing. Only the hash fields and sets of the event's own keys are read (SPEC R7).

  KEYS[1] listeners   hash listenerId -> listener JSON
  KEYS[2] shapes      hash shape id -> listener shape JSON (includes/listenerShapes)
  KEYS[3] signatures  the event name's hash signature -> count, {prefix}ls:<event>
  KEYS[4] unindexed   the event name's set of unindexed listener ids, {prefix}lu:<event>
  KEYS[5] index       the event name's hash of first listeners, {prefix}li:<event>
                      (includes/listenerIndexKey)
  KEYS[6..] the listener sets of the guessed (signature, key) pairs, the listeners beyond the
            first, {prefix}lk:<len>:<event>:<len>:<signature>:<key> (src/keys.ts, listenerSetKey)

  ARGV[i] the field of KEYS[5] for the pair of KEYS[i + 5], <len>:<signature>:<key>
          (includes/listenerIndexField)

  Reply: {signatures, unindexed, keyed}, each of the last two {listenerIds, listenerJsons,
  shapeIds, shapeJsons} (includes/storedListeners); each keyed listener once.
]]
--- @include "includes/storedListeners"
--- @include "includes/keyedListenerIds"
local signatures = redis.call("HKEYS", KEYS[3])
local unindexed = storedListeners(KEYS[1], KEYS[2], redis.call("SMEMBERS", KEYS[4]))
local keyed = { {}, {}, {}, {} }
if #ARGV > 0 then
  keyed = storedListeners(KEYS[1], KEYS[2], keyedListenerIds(KEYS[5], 6))
end
return { signatures, unindexed, keyed }
