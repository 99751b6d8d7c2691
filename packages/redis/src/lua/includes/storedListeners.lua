--[[
  The stored listeners of `ids` that exist, and the shapes they refer to (includes/
  listenerShapes), read with one HMGET each: {ids, jsons, shapeIds, shapeJsons}, the listeners
  in the order of `ids` (a removed one is skipped), each shape once (a missing one is left out:
  its listeners then fail to decode, as a corrupt value does). src/listeners.ts joins them.
]]
--- @include "includes/hashValues"
--- @include "includes/listenerShapes"
local function storedListeners(listenersKey, shapesKey, ids)
  local foundIds, jsons, wanted, seen = {}, {}, {}, {}
  for i, json in ipairs(hashValues(listenersKey, ids)) do
    if json then
      foundIds[#foundIds + 1] = ids[i]
      jsons[#jsons + 1] = json
      local shapeId = shapeIdOf(json)
      if shapeId and not seen[shapeId] then
        seen[shapeId] = true
        wanted[#wanted + 1] = shapeId
      end
    end
  end
  local shapeIds, shapeJsons = {}, {}
  for i, value in ipairs(hashValues(shapesKey, wanted)) do
    if value then
      shapeIds[#shapeIds + 1] = wanted[i]
      shapeJsons[#shapeJsons + 1] = (storedShape(value))
    end
  end
  return { foundIds, jsons, shapeIds, shapeJsons }
end
