--[[
  Take or keep a named lock: it goes to `owner` when nobody holds it, when its holder's lease
  expired at `now`, or when `owner` already holds it (a renewal). Times are the caller's, as
  everywhere in the store (Redis' clock is never read), so a virtual clock works too.

  KEYS[1] locks  hash name -> "<until> <owner>"

  ARGV[1] name
  ARGV[2] owner
  ARGV[3] now (score)
  ARGV[4] until (score)

  Reply: 1 acquired (or renewed), 0 held by someone else.
]]
local held = redis.call("HGET", KEYS[1], ARGV[1])
if held then
  local space = string.find(held, " ", 1, true)
  local expiry = tonumber(string.sub(held, 1, space - 1))
  local owner = string.sub(held, space + 1)
  if owner ~= ARGV[2] and expiry > tonumber(ARGV[3]) then
    return 0
  end
end
redis.call("HSET", KEYS[1], ARGV[1], ARGV[4] .. " " .. ARGV[2])
return 1
