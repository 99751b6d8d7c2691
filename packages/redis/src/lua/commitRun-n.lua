--[[
  Commit one transition of an existing run if its stored version is the expected one, with all
  its side writes (listeners, timer, queue, lease, emitted events, the release of its singleton
  slot), all or nothing.

  When the write asks for it (RunWrite.stampListenersAtCommit, the "stamp" field of the write),
  every listener it adds gets afterSeq = the seq counter (KEYS[2]) read here, before this
  write's emitted events: the ingestion position at the commit, atomically. The engine asks for
  it when it commits a reported op, so a step.waitForEvent counts exactly the events ingested
  after the commit that registers it (an event ingested before may already have been processed,
  when the listener did not exist yet).

  The run keeps the creation position createRun gave it (field "p" of its hash, which
  includes/putRun writes back; the run's JSON never holds it).

  A write that releases a singleton slot (RunWrite.releaseSingleton: the run is now cancelling
  or ended) deletes it only if it still names this run (compare-and-delete): a newer run that
  took the slot keeps it.

  KEYS: as createRun-n.lua (KEYS[14], created, is not touched). The state the run moves out
  of is the stored one: the client declares the state sets of the state the writer read
  (the commit's expectedState), or of every state without it; a wrong guess answers
  KEYS_MISSING (after the version check, so only when the version matched). It knows a
  removed listener's index keys only if it added that listener itself, else the first attempt
  answers KEYS_MISSING with them.

  ARGV[1] the namespace's hash tag, {prefix}
  ARGV[2] dedupe window in ms
  ARGV[3] expected version
  ARGV[4] the singleton slot to release, or "" for none
  ARGV[5..] the write (includes/applyWrite.lua); its run (id ARGV[5]) carries the new version,
            and with stamp "1" the added listeners' JSON comes without "afterSeq" (appended
            here)

  Reply: {CODE.OK, byReference} (1 when the run's JSON left its trigger event to the log,
  includes/runJsonFor, else 0), {CODE.RUN_NOT_FOUND}, {CODE.VERSION_CONFLICT, storedVersion},
  {CODE.KEYS_MISSING, {names}} or {CODE.EVENT_NEEDED} (ARGV's event was "" but the run does not
  take its event from the log under that trigger: includes/putRun); on anything but OK nothing
  was written.
]]
--- @include "includes/codes"
--- @include "includes/writeContext"
--- @include "includes/applyWrite"
local stored = redis.call("HMGET", KEYS[1], "v", "p")
if not stored[1] then
  return { CODE.RUN_NOT_FOUND }
end
if tonumber(stored[1]) ~= tonumber(ARGV[3]) then
  return { CODE.VERSION_CONFLICT, tonumber(stored[1]) }
end
local ctx = writeContext(KEYS, ARGV)
local write = readWrite(ARGV, 5)
planWrite(ctx, write)
if #MISSING > 0 then
  return { CODE.KEYS_MISSING, MISSING }
end
if EVENT.needed then
  return { CODE.EVENT_NEEDED }
end
-- A hash createRun-n did not write has no "p": "0" (older than any request), rather than an
-- error halfway through the writes, which Redis would not roll back.
ctx.createdPos = stored[2] or "0"
local byReference = applyWrite(ctx, write)
local slot = ARGV[4]
if slot ~= "" and redis.call("HGET", ctx.singletons, slot) == ARGV[5] then
  redis.call("HDEL", ctx.singletons, slot)
end
return { CODE.OK, byReference and 1 or 0 }
