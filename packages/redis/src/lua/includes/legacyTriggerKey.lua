--[[ The set of the runs one event triggered, as versions before the hash "x:t" wrote it. ]]
local function legacyTriggerKey(tag, eventId)
  return tag .. "x:e:" .. eventId
end
