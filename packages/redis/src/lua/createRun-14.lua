--[[
  Create a run with its listeners, timer, first queue item and emitted events, all or nothing
  (SPEC R1), give it the next run creation position (Store.createRun), and take its singleton
  slot if the write claims one (SPEC §7.8, RunWrite.claimSingleton).

  KEYS[1] the run's hash            prefix .. "r:" .. runId
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

  ARGV[1] namespace prefix (for the index keys derived from names: see includes/*Key.lua)
  ARGV[2] dedupe window in ms
  ARGV[3] the singleton slot to claim for the run, or "" for none
  ARGV[4..] the write (includes/applyWrite.lua), including its "stamp" field: "1" sets every
            added listener's afterSeq to KEYS[2]'s current value (see commitRun-13.lua). The
            run's JSON comes without "createdPos": it gets INCR of KEYS[14] (includes/putRun).
            The run id is ARGV[4].

  Reply: {CODE.OK}, {CODE.RUN_EXISTS} or {CODE.SINGLETON_OCCUPIED, holderRunId}; on an error
  nothing was written. RUN_EXISTS is checked first.
]]
--- @include "includes/codes"
--- @include "includes/writeContext"
--- @include "includes/applyWrite"
if redis.call("EXISTS", KEYS[1]) == 1 then
  return { CODE.RUN_EXISTS }
end
local slot = ARGV[3]
if slot ~= "" then
  local holder = redis.call("HGET", KEYS[13], slot)
  if holder then
    return { CODE.SINGLETON_OCCUPIED, holder }
  end
  redis.call("HSET", KEYS[13], slot, ARGV[4])
end
local ctx = writeContext(KEYS, ARGV)
ctx.createdPos = string.format("%d", redis.call("INCR", KEYS[14]))
applyWrite(ctx, ARGV, 4)
return { CODE.OK }
