--[[
  Create a bulk cancellation record, or update it if its stored version is the expected one, so
  sweeps in several processes stay consistent.

  KEYS[1] bulk        hash id -> record JSON
  KEYS[2] bulkVersion hash id -> version
  KEYS[3] bulkOrder   sorted set id by created_at (listed newest first, ties by id desc)
  KEYS[4] bulkEnded   sorted set id by its end, for retention (core's bulkCancellationEndedAt)

  ARGV[1] id
  ARGV[2] expected version, or "" to create (fails if the record exists)
  ARGV[3] the record's new version
  ARGV[4] created_at
  ARGV[5] record JSON
  ARGV[6] its end: "" while it sweeps, else the time (bulkCancellationEndedAt)

  Reply: {CODE.OK} or {CODE.CANCELLATION_CONFLICT} (and then nothing was written).
]]
--- @include "includes/codes"
local actual = redis.call("HGET", KEYS[2], ARGV[1])
if ARGV[2] == "" then
  if actual then
    return { CODE.CANCELLATION_CONFLICT }
  end
elseif not actual or tonumber(actual) ~= tonumber(ARGV[2]) then
  return { CODE.CANCELLATION_CONFLICT }
end
redis.call("HSET", KEYS[1], ARGV[1], ARGV[5])
redis.call("HSET", KEYS[2], ARGV[1], ARGV[3])
redis.call("ZADD", KEYS[3], ARGV[4], ARGV[1])
if ARGV[6] == "" then
  redis.call("ZREM", KEYS[4], ARGV[1])
else
  redis.call("ZADD", KEYS[4], ARGV[6], ARGV[1])
end
return { CODE.OK }
