--[[
  The rest of findListeners when findListeners-n named signatures the caller had not guessed:
  the listeners registered under each of those (signature, key) pairs of the incoming event.
  Only the hash fields and sets of those keys are read (SPEC R7).

  KEYS[1] listeners  hash listenerId -> listener JSON
  KEYS[2] shapes     hash shape id -> listener shape JSON (includes/listenerShapes)
  KEYS[3] index      the event name's hash of first listeners, {prefix}li:<event>
                     (includes/listenerIndexKey)
  KEYS[4..] the listener sets of the event's (signature, key) pairs, the listeners beyond the
            first, {prefix}lk:<len>:<event>:<len>:<signature>:<key> (src/keys.ts, listenerSetKey)

  ARGV[i] the field of KEYS[3] for the pair of KEYS[i + 3], <len>:<signature>:<key>
          (includes/listenerIndexField)

  Reply: {listenerIds, listenerJsons, shapeIds, shapeJsons}, each listener once (includes/
  storedListeners).
]]
--- @include "includes/storedListeners"
--- @include "includes/keyedListenerIds"
return storedListeners(KEYS[1], KEYS[2], keyedListenerIds(KEYS[3], 4))
