--[[
  The keys and settings createRun and commitRun share: KEYS 1-12 in the order documented in
  those scripts, ARGV[1] the namespace prefix and ARGV[2] the dedupe window in ms. The script
  then sets `createdPos`, the run's creation position as text (see includes/putRun).
]]
local function writeContext(keys, argv)
  return {
    runKey = keys[1],
    log = {
      seq = keys[2], events = keys[3], pending = keys[4], dedupeIds = keys[5], dedupeAt = keys[6],
      eventsIdle = keys[12], prefix = argv[1],
    },
    listeners = keys[7],
    timers = keys[8],
    queue = keys[9],
    leases = keys[10],
    ended = keys[11],
    prefix = argv[1],
    windowMs = tonumber(argv[2]),
  }
end
