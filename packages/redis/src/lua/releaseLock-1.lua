--[[
  Let go of a named lock if `owner` holds it; a lock someone else took over is left alone.

  KEYS[1] locks  hash name -> "<until> <owner>"

  ARGV[1] name
  ARGV[2] owner

  Reply: 1 released, 0 not held by `owner`.
]]
local held = redis.call("HGET", KEYS[1], ARGV[1])
if held then
  local space = string.find(held, " ", 1, true)
  if string.sub(held, space + 1) == ARGV[2] then
    redis.call("HDEL", KEYS[1], ARGV[1])
    return 1
  end
end
return 0
