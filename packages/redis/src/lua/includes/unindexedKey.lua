--[[ The set of ids of the listeners without an index key, for one event name. ]]
local function unindexedKey(prefix, event)
  return prefix .. "lu:" .. event
end
