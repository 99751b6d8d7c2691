--[[
  Forget user event ids whose dedupe window has closed at `now` (the incoming receivedAt), a
  bounded number per call: the window check itself never relies on eviction.
]]
local function evictDedupe(log, now, windowMs)
  local bound = string.format("%.17g", now - windowMs)
  local expired = redis.call("ZRANGEBYSCORE", log.dedupeAt, "-inf", bound, "LIMIT", 0, 64)
  for _, key in ipairs(expired) do
    redis.call("HDEL", log.dedupeIds, key)
    redis.call("ZREM", log.dedupeAt, key)
  end
end
