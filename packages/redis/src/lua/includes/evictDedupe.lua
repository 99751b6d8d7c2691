--[[
  Forget up to `limit` user event ids whose dedupe window has closed at `now` (the incoming
  receivedAt, or the retention sweep's time); returns how many. The window check itself never
  relies on eviction.
]]
local function evictDedupe(log, now, windowMs, limit)
  local bound = string.format("%.17g", now - windowMs)
  local expired = redis.call("ZRANGEBYSCORE", log.dedupeAt, "-inf", bound, "LIMIT", 0, limit)
  for _, key in ipairs(expired) do
    redis.call("HDEL", log.dedupeIds, key)
    redis.call("ZREM", log.dedupeAt, key)
  end
  return #expired
end
