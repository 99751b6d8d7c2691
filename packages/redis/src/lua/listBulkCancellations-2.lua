--[[
  Every bulk cancellation, newest first (created_at desc, then id desc).

  KEYS[1] bulkOrder  sorted set id by created_at
  KEYS[2] bulk       hash id -> record JSON

  Reply: the records' JSON.
]]
--- @include "includes/presentValues"
return presentValues(KEYS[2], redis.call("ZREVRANGE", KEYS[1], 0, -1), {})
