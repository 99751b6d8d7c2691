--[[
  One page of stored events, newest first (receivedAt desc, then internal id desc), read from
  the lex-ordered set of all events or of one name (includes/eventOrderKey) with
  ZREVRANGEBYLEX.

  KEYS[1] order   the listEvents set to read (all events, or one name's)
  KEYS[2] events  hash internalId -> stored event JSON

  ARGV[1] page size (> 0)
  ARGV[2] upper bound, a ZREVRANGEBYLEX max ("+", "(" .. member or "[" .. member)
  ARGV[3] lower bound, a ZREVRANGEBYLEX min ("-" or "[" .. member)

  Reply: {more (1 if another page exists, else 0), last member served or "", {id, json, id,
  json…}}: each stored event's internal id then its JSON (src/event-form.ts).
]]
local limit = tonumber(ARGV[1])
local members = redis.call("ZREVRANGEBYLEX", KEYS[1], ARGV[2], ARGV[3], "LIMIT", 0, limit + 1)
local served = math.min(#members, limit)
local events = {}
for i = 1, served do
  local id = string.sub(members[i], 17)
  local json = redis.call("HGET", KEYS[2], id)
  if json then
    events[#events + 1] = id
    events[#events + 1] = json
  end
end
return { #members > limit and 1 or 0, members[served] or "", events }
