--[[
  Create a run with its listeners, timer, first queue item and emitted events, all or nothing
  (SPEC R1), give it the next run creation position (Store.createRun), and take its singleton
  slot if the write claims one (SPEC §7.8, RunWrite.claimSingleton).

  KEYS[1] the run's hash            {prefix}r:<runId>
  KEYS[2] seq                       ingestion counter
  KEYS[3] events                    hash internalId -> stored event JSON
  KEYS[4] pending                   sorted set internalId by seq
  KEYS[5] dedupeIds                 hash user event id -> internalId
  KEYS[6] dedupeAt                  sorted set user event id by receivedAt
  KEYS[7] listeners                 hash listenerId -> listener JSON
  KEYS[8] timers                    sorted set runId by due time
  KEYS[9] queue                     sorted set runId by due time
  KEYS[10] leases                   sorted set runId by lease expiry
  KEYS[11] ended                    sorted set runId by its end, for retention (core's runEndedAt)
  KEYS[12] eventsIdle               sorted set internalId by receivedAt: processed events no
                                    stored run was triggered by (what retention may delete)
  KEYS[13] singletons               hash singleton slot -> the run id holding it
  KEYS[14] created                  run creation counter (Store.lastCreatedPos)
  KEYS[15] triggers                 hash internalId -> the ids of the runs it triggered
                                    (includes/triggers)
  KEYS[16] listenerShapes           hash shape id -> a listener shape's JSON, and its count
                                    (includes/listenerShapes)
  KEYS[17..] every derived key the write touches (src/declared-keys.ts, writeKeys): the run's
            state sets, the cancelled-by sets, the added and removed listeners' index keys, the
            listEvents sets of the emitted events, and the trigger set of the layout before
            KEYS[15] of an event the run stops being triggered by. One missing: nothing is
            written and the reply names it (includes/declared).

  ARGV[1] the namespace's hash tag, {prefix} (the *Key includes name derived keys from it)
  ARGV[2] dedupe window in ms
  ARGV[3] the singleton slot to claim for the run, or "" for none
  ARGV[4..] the write (includes/applyWrite.lua), including its "stamp" field: "1" sets every
            added listener's afterSeq to KEYS[2]'s current value (see commitRun-n.lua). The
            run's creation position is INCR of KEYS[14], kept in its hash's "p" (includes/putRun).
            The run id is ARGV[4].

  Reply: {CODE.OK, byReference} (as commitRun-n), {CODE.RUN_EXISTS}, {CODE.SINGLETON_OCCUPIED,
  holderRunId}, {CODE.KEYS_MISSING, {names}} or {CODE.EVENT_NEEDED} (never for a write that sends
  its event, as every createRun does); on anything but OK nothing was written. RUN_EXISTS is
  checked first.
]]
--- @include "includes/codes"
--- @include "includes/writeContext"
--- @include "includes/applyWrite"
if redis.call("EXISTS", KEYS[1]) == 1 then
  return { CODE.RUN_EXISTS }
end
local ctx = writeContext(KEYS, ARGV)
local slot = ARGV[3]
if slot ~= "" then
  local holder = redis.call("HGET", ctx.singletons, slot)
  if holder then
    return { CODE.SINGLETON_OCCUPIED, holder }
  end
end
local write = readWrite(ARGV, 4)
planWrite(ctx, write)
if #MISSING > 0 then
  return { CODE.KEYS_MISSING, MISSING }
end
if EVENT.needed then
  return { CODE.EVENT_NEEDED }
end
if slot ~= "" then
  redis.call("HSET", ctx.singletons, slot, ARGV[4])
end
ctx.createdPos = string.format("%d", redis.call("INCR", ctx.created))
local byReference = applyWrite(ctx, write)
return { CODE.OK, byReference and 1 or 0 }
