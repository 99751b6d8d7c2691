--[[ The values of the fields that exist, in field order: a removed entry is skipped. ]]
--- @include "includes/hashValues"
local function presentValues(key, fields, out)
  for _, value in ipairs(hashValues(key, fields)) do
    if value then
      out[#out + 1] = value
    end
  end
  return out
end
