--[[ The set of run ids whose cancellation record names one event (runsCancelledBy). ]]
local function cancelledByKey(prefix, eventId)
  return prefix .. "x:c:" .. eventId
end
