--[[
  The lex-ordered set of the stored events (name false) or of the events with one name, for
  listEvents. Members are 16 hex digits of sortable receivedAt (includes/sortableTime), then
  the internal id; every score is 0. src/keys.ts mirrors this (listEvents reads it as KEYS[1]).
]]
local function eventOrderKey(tag, name)
  if name then
    return tag .. "ev:o:" .. name
  end
  return tag .. "ev:o"
end
