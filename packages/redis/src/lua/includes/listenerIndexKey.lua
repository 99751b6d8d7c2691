--[[
  The hash of one event name's indexed listeners: field listenerIndexField(signature, key), value
  the id of the first listener registered under that signature and key (the others are in its
  listenerSetKey set). Mirrors listenerIndexKey in src/keys.ts.
]]
local function listenerIndexKey(tag, event)
  return tag .. "li:" .. event
end
