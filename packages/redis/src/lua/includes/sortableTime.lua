--[[
  16 hex digits whose byte order is the numeric order of `ms`: the IEEE 754 bits with the sign
  bit flipped for positive numbers and every bit flipped for negative ones. The same digits as
  src/encode.ts's sortableTime (-0 counts as 0), so members built here and there agree.
]]
local function sortableTime(ms)
  local n = tonumber(ms)
  if n == 0 then
    n = 0
  end
  local bytes = { string.byte(struct.pack(">d", n), 1, 8) }
  local negative = bytes[1] >= 128
  local out = {}
  for i = 1, 8 do
    local b = bytes[i]
    if negative then
      b = 255 - b
    elseif i == 1 then
      b = b + 128
    end
    out[i] = string.format("%02x", b)
  end
  return table.concat(out)
end
