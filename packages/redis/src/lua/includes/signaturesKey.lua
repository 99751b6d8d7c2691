--[[ The hash signature -> number of indexed listeners, for one event name. ]]
local function signaturesKey(prefix, event)
  return prefix .. "ls:" .. event
end
