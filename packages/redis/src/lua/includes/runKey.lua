--[[ The hash of one run (fields v, s, f, o, t, j). Mirrors runKey in src/keys.ts. ]]
local function runKey(tag, runId)
  return tag .. "r:" .. runId
end
