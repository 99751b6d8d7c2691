--[[
  Create a run with its listeners, timer, first queue item and emitted events, all or nothing
  (SPEC R1), and give it the next run creation position (Store.createRun).

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
  KEYS[13] created                  run creation counter (Store.lastCreatedPos)

  ARGV[1] namespace prefix (for the index keys derived from names: see includes/*Key.lua)
  ARGV[2] dedupe window in ms
  ARGV[3..] the write (includes/applyWrite.lua), including its "stamp" field: "1" sets every
            added listener's afterSeq to KEYS[2]'s current value (see commitRun-12.lua). The
            run's JSON comes without "createdPos": it gets INCR of KEYS[13] (includes/putRun).

  Reply: {CODE.OK} or {CODE.RUN_EXISTS} (and then nothing was written).
]]
--- @include "includes/codes"
--- @include "includes/writeContext"
--- @include "includes/applyWrite"
if redis.call("EXISTS", KEYS[1]) == 1 then
  return { CODE.RUN_EXISTS }
end
local ctx = writeContext(KEYS, ARGV)
ctx.createdPos = string.format("%d", redis.call("INCR", KEYS[13]))
applyWrite(ctx, ARGV, 3)
return { CODE.OK }
