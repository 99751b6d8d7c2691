--[[
  Byte-wise a > b. Lua's "<" on strings uses strcoll, and Redis sets LC_COLLATE from the
  environment, so it would not agree with the lex order of sorted sets.
]]
local function bytesGreater(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      return x > y
    end
  end
  return #a > #b
end
