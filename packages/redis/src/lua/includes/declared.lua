--[[
  Every key a script touches is in KEYS: Redis Cluster routes the script by them, and with the
  namespace's hash tag they all share one slot. A script whose keys depend on stored data (a
  run's old state, a removed listener's index, what prune deletes) first plans: it names every
  key it is about to touch with need(), and if one of them is not in KEYS it answers
  {CODE.KEYS_MISSING, names} before writing anything. The client adds those names to KEYS and
  sends it again (src/declared-keys.ts). need() answers whether the key may be read now, so a
  plan reads only declared keys too. Key names are built by the *Key includes, which mirror
  src/keys.ts.
]]
local IN_KEYS = {}
for _, key in ipairs(KEYS) do
  IN_KEYS[key] = true
end
local MISSING, NAMED = {}, {}
local function need(key)
  if IN_KEYS[key] then
    return true
  end
  if not NAMED[key] then
    NAMED[key] = true
    MISSING[#MISSING + 1] = key
  end
  return false
end
