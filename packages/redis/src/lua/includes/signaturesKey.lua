--[[ The hash signature -> number of indexed listeners, for one event name. ]]
local function signaturesKey(tag, event)
  return tag .. "ls:" .. event
end
