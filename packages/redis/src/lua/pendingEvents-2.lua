--[[
  Events ingested and not yet marked processed, in ingestion order.

  KEYS[1] pending  sorted set internalId by seq
  KEYS[2] events   hash internalId -> stored event JSON

  ARGV[1] limit (> 0)

  Reply: the stored events' JSON, oldest first.
]]
--- @include "includes/presentValues"
local ids = redis.call("ZRANGE", KEYS[1], 0, tonumber(ARGV[1]) - 1)
return presentValues(KEYS[2], ids, {})
