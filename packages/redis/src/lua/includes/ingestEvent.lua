--[[
  Append one event to the ingestion log and to the listEvents sets (includes/orderEvent; `log`
  carries the namespace tag). `dedupe` is "" (no user id) or "=" .. user id; `name` is the
  event's name; `body` is the stored event's JSON without "seq", which is added here from INCR
  (SPEC R3). `onlyForListeners` "1" (IngestRequest.onlyForListeners): unless a listener for
  `name` is stored (its signatures hash or unindexed set exists; both keys must be declared),
  the event is appended already processed: not pending, and idle for retention at once.
  Returns two values:
    1, seq          ingested
    0, internalId   a duplicate of the event first seen within the window
    2, storedJson   this internalId is already stored (a resent command): nothing changes
]]
--- @include "includes/evictDedupe"
--- @include "includes/orderEvent"
--- @include "includes/signaturesKey"
--- @include "includes/unindexedKey"
local function ingestEvent(log, windowMs, internalId, dedupe, receivedAt, name, body,
                           onlyForListeners)
  local stored = redis.call("HGET", log.events, internalId)
  if stored then
    return 2, stored
  end
  local now = tonumber(receivedAt)
  local dedupeKey = false
  if dedupe ~= "" then
    -- Only keyed events add entries, so evicting on them alone keeps the index bounded.
    evictDedupe(log, now, windowMs, 64)
    dedupeKey = string.sub(dedupe, 2)
    local first = redis.call("HGET", log.dedupeIds, dedupeKey)
    if first then
      local at = tonumber(redis.call("ZSCORE", log.dedupeAt, dedupeKey))
      if at ~= nil and now - at < windowMs then
        return 0, first
      end
    end
  end
  local seq = redis.call("INCR", log.seq)
  local json = string.sub(body, 1, -2) .. ',"seq":' .. string.format("%d", seq) .. "}"
  redis.call("HSET", log.events, internalId, json)
  if onlyForListeners ~= "1" or redis.call("EXISTS", signaturesKey(log.tag, name),
      unindexedKey(log.tag, name)) > 0 then
    redis.call("ZADD", log.pending, seq, internalId)
  else
    redis.call("ZADD", log.eventsIdle, receivedAt, internalId)
  end
  orderEvent(log.tag, internalId, receivedAt, name, false)
  if dedupeKey then
    redis.call("HSET", log.dedupeIds, dedupeKey, internalId)
    redis.call("ZADD", log.dedupeAt, receivedAt, dedupeKey)
  end
  return 1, seq
end
