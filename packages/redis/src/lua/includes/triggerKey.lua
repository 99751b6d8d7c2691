--[[ The set of run ids one event triggered (runsForEvent). ]]
local function triggerKey(prefix, eventId)
  return prefix .. "x:e:" .. eventId
end
