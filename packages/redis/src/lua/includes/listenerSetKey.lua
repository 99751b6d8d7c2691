--[[
  The set of listener ids registered for one event name, index signature and key beyond the one
  in listenerIndexKey's hash (in the layout before that hash: every one of them). Event name and
  signature are length-prefixed (in bytes) so that no choice of names makes two keys collide.
]]
local function listenerSetKey(tag, event, signature, key)
  return tag .. "lk:" .. #event .. ":" .. event .. ":" .. #signature .. ":" .. signature .. ":" .. key
end
