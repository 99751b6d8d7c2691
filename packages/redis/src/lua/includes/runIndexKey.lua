--[[
  The lex-ordered set of a state's runs, global (functionId false) or for one function. Members
  are order members: 16 hex digits of sortable createdAt, then the run id. The state comes from a
  fixed vocabulary without ":", so "x:f:<state>:<functionId>" is unambiguous.
]]
local function runIndexKey(tag, functionId, state)
  if functionId then
    return tag .. "x:f:" .. state .. ":" .. functionId
  end
  return tag .. "x:s:" .. state
end
