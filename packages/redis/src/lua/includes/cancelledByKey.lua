--[[ The set of run ids whose cancellation record names one event (runsCancelledBy). ]]
local function cancelledByKey(tag, eventId)
  return tag .. "x:c:" .. eventId
end
