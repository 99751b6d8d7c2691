--[[
  HMGET in chunks (unpack has a stack limit). Returns the values in field order, false for
  missing fields.
]]
local function hashValues(key, fields)
  local out = {}
  local chunk = 500
  for first = 1, #fields, chunk do
    local last = math.min(first + chunk - 1, #fields)
    local values = redis.call("HMGET", key, unpack(fields, first, last))
    for i = 1, #values do
      out[#out + 1] = values[i]
    end
  end
  return out
end
