--[[ The set of run ids one event triggered (runsForEvent). ]]
local function triggerKey(tag, eventId)
  return tag .. "x:e:" .. eventId
end
