--[[
  The keys and settings createRun and commitRun share: KEYS 1-16 in the order documented in
  createRun-n.lua, ARGV[1] the namespace's hash tag (`{prefix}`, from which the *Key includes
  name derived keys) and ARGV[2] the dedupe window in ms. The script then sets `createdPos`, the
  run's creation position as text (see includes/putRun).
]]
local function writeContext(keys, argv)
  return {
    runKey = keys[1],
    log = {
      seq = keys[2], events = keys[3], pending = keys[4], dedupeIds = keys[5], dedupeAt = keys[6],
      eventsIdle = keys[12], triggers = keys[15], tag = argv[1],
    },
    listeners = keys[7],
    shapes = keys[16],
    timers = keys[8],
    queue = keys[9],
    leases = keys[10],
    ended = keys[11],
    singletons = keys[13],
    created = keys[14],
    tag = argv[1],
    windowMs = tonumber(argv[2]),
  }
end
