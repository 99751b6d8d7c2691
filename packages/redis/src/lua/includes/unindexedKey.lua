--[[ The set of ids of the listeners without an index key, for one event name. ]]
local function unindexedKey(tag, event)
  return tag .. "lu:" .. event
end
