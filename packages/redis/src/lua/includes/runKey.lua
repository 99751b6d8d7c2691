--[[ The hash of one run (fields v, s, f, o, t, j). Mirrors runKey in src/keys.ts. ]]
local function runKey(prefix, runId)
  return prefix .. "r:" .. runId
end
