--[[
  Commit one transition of an existing run if its stored version is the expected one, with all
  its side writes (listeners, timer, queue, lease, emitted events), all or nothing.

  When the write asks for it (RunWrite.stampListenersAtCommit, the "stamp" field of the write),
  every listener it adds gets afterSeq = the seq counter (KEYS[2]) read here, before this
  write's emitted events: the ingestion position at the commit, atomically. The engine asks for
  it when it commits a reported op, so a step.waitForEvent counts exactly the events ingested
  after the commit that registers it (an event ingested before may already have been processed,
  when the listener did not exist yet).

  KEYS: as createRun-12.lua (run hash, seq, events, pending, dedupeIds, dedupeAt, listeners,
        timers, queue, leases, ended, eventsIdle).

  ARGV[1] namespace prefix
  ARGV[2] dedupe window in ms
  ARGV[3] expected version
  ARGV[4..] the write (includes/applyWrite.lua); its run carries the new version, and with
            stamp "1" the added listeners' JSON comes without "afterSeq" (appended here)

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
