--[[
  Apply every side write of a run transition, reading ARGV from position `i` (layout in
  src/encode.ts, writeArgs):
    run:     id, version, state, functionId, order member, triggerEventId, json (without
             "createdPos", which putRun appends from ctx.createdPos), ended ("" while the run
             can change, else its end: core's runEndedAt, the retention index's score),
             canceller (the event its cancellation record names, core's cancelledByEvent, or "")
    timer:   "" leave it, "-" clear it, or the due time
    queue:   "" leave it, or the due time
    lease:   "" leave it, "-" drop it, or the new expiry
    stamp:   "1" stamp the added listeners at commit (RunWrite.stampListenersAtCommit), or "0"
    remove:  count, then listener ids
    add:     count, then per listener: id, event, indexed ("1"/"0"), signature, key, json
    emit:    count, then per event: internalId, dedupe, receivedAt, name, body (see ingestEvent)
  Order as in the memory store: run, removals, additions (so one write can replace a listener),
  timer, queue, lease, emitted events.

  Stamping: each added listener's json comes without "afterSeq"; it gets the seq counter as it
  is now, before this write's emitted events are appended, formatted with %d (Lua re-encodes no
  other number). That is the ingestion position of this write, read inside it: events ingested
  before it have seq <= afterSeq, events ingested after it have seq > afterSeq.
]]
--- @include "includes/putRun"
--- @include "includes/addListener"
--- @include "includes/ingestEvent"
local function applyWrite(ctx, argv, i)
  local run = {
    id = argv[i], version = argv[i + 1], state = argv[i + 2], functionId = argv[i + 3],
    order = argv[i + 4], trigger = argv[i + 5], json = argv[i + 6], ended = argv[i + 7],
    canceller = argv[i + 8],
  }
  putRun(ctx, run)
  local timer, enqueueAt, lease = argv[i + 9], argv[i + 10], argv[i + 11]
  local afterSeq = false
  if argv[i + 12] == "1" then
    afterSeq = string.format("%d", tonumber(redis.call("GET", ctx.log.seq) or "0"))
  end
  i = i + 13
  local removals = tonumber(argv[i])
  for j = 1, removals do
    removeListener(ctx.prefix, ctx.listeners, argv[i + j])
  end
  i = i + removals + 1
  local additions = tonumber(argv[i])
  i = i + 1
  for _ = 1, additions do
    local json = argv[i + 5]
    if afterSeq then
      json = string.sub(json, 1, -2) .. ',"afterSeq":' .. afterSeq .. "}"
    end
    addListener(ctx.prefix, ctx.listeners, argv[i], argv[i + 1], argv[i + 2], argv[i + 3],
      argv[i + 4], json)
    i = i + 6
  end
  if timer == "-" then
    redis.call("ZREM", ctx.timers, run.id)
  elseif timer ~= "" then
    redis.call("ZADD", ctx.timers, timer, run.id)
  end
  if enqueueAt ~= "" then
    redis.call("ZADD", ctx.queue, enqueueAt, run.id)
  end
  if lease == "-" then
    redis.call("ZREM", ctx.leases, run.id)
  elseif lease ~= "" then
    redis.call("ZADD", ctx.leases, lease, run.id)
  end
  local emits = tonumber(argv[i])
  i = i + 1
  for _ = 1, emits do
    ingestEvent(ctx.log, ctx.windowMs, argv[i], argv[i + 1], argv[i + 2], argv[i + 3],
      argv[i + 4])
    i = i + 5
  end
end
