--[[
  The field of listenerIndexKey's hash for one index signature and key. The signature is
  length-prefixed (in bytes), so no choice of names makes two fields collide. Mirrors
  listenerIndexField in src/keys.ts.
]]
local function listenerIndexField(signature, key)
  return #signature .. ":" .. signature .. ":" .. key
end
