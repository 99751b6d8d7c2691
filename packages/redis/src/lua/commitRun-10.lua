--[[
  Commit one transition of an existing run if its stored version is the expected one, with all
  its side writes (listeners, timer, queue, lease, emitted events), all or nothing.

  KEYS: as createRun-10.lua (run hash, seq, events, pending, dedupeIds, dedupeAt, listeners,
        timers, queue, leases).

  ARGV[1] namespace prefix
  ARGV[2] dedupe window in ms
  ARGV[3] expected version
  ARGV[4..] the write (includes/applyWrite.lua); its run carries the new version

  Reply: {CODE.OK}, {CODE.RUN_NOT_FOUND} or {CODE.VERSION_CONFLICT, storedVersion}; on an error
  nothing was written.
]]
--- @include "includes/codes"
--- @include "includes/writeContext"
--- @include "includes/applyWrite"
local stored = redis.call("HGET", KEYS[1], "v")
if not stored then
  return { CODE.RUN_NOT_FOUND }
end
if tonumber(stored) ~= tonumber(ARGV[3]) then
  return { CODE.VERSION_CONFLICT, tonumber(stored) }
end
applyWrite(writeContext(KEYS, ARGV), ARGV, 4)
return { CODE.OK }
