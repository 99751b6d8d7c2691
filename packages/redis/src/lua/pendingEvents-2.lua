--[[
  Events ingested and not yet marked processed, in ingestion order.

  KEYS[1] pending  sorted set internalId by seq
  KEYS[2] events   hash internalId -> stored event JSON

  ARGV[1] limit (> 0)

  Reply: each stored event's internal id then its JSON (src/event-form.ts), oldest first; an id
  whose event is gone is left out.
]]
--- @include "includes/hashValues"
local ids = redis.call("ZRANGE", KEYS[1], 0, tonumber(ARGV[1]) - 1)
local out = {}
for i, json in ipairs(hashValues(KEYS[2], ids)) do
  if json then
    out[#out + 1] = ids[i]
    out[#out + 1] = json
  end
end
return out
