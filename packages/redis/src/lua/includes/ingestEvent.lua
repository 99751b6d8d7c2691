--[[
  Append one event to the ingestion log and to the listEvents sets (includes/orderEvent; `log`
  carries the namespace tag). `dedupe` is "" (no user id) or "=" .. user id; `name` is the
  event's name; `body` is the stored event's JSON without "seq", which is added here from INCR
  (SPEC R3).
  Returns two values:
    1, seq          ingested
    0, internalId   a duplicate of the event first seen within the window
    2, storedJson   this internalId is already stored (a resent command): nothing changes
]]
--- @include "includes/evictDedupe"
--- @include "includes/orderEvent"
local function ingestEvent(log, windowMs, internalId, dedupe, receivedAt, name, body)
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
  redis.call("ZADD", log.pending, seq, internalId)
  orderEvent(log.tag, internalId, receivedAt, name, false)
  if dedupeKey then
    redis.call("HSET", log.dedupeIds, dedupeKey, internalId)
    redis.call("ZADD", log.dedupeAt, receivedAt, dedupeKey)
  end
  return 1, seq
end
