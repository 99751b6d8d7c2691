--[[
  Every side write of a run transition. readWrite reads ARGV from position `i` (layout in
  src/encode.ts, writeArgs):
    run:     id, version, state, functionId, order member, triggerEventId, json (without
             those, nor "createdPos": putRun keeps them in fields of the hash, nor the trigger
             event), the trigger event's JSON (includes/runJsonFor puts it back in the JSON
             unless the event log holds it), ended ("" while the run can change, else its end:
             core's runEndedAt, the retention index's score), canceller (the event its
             cancellation record names, core's cancelledByEvent, or "")
    timer:   "" leave it, "-" clear it, or the due time
    queue:   "" leave it, or the due time
    lease:   "" leave it, "-" drop it, or the new expiry
    stamp:   "1" stamp the added listeners at commit (RunWrite.stampListenersAtCommit), or "0"
    remove:  count, then listener ids
    add:     count, then per listener: id, event, indexed ("1"/"0"), signature, key, shape
             (its shape's JSON), own (its own fields' JSON: includes/addListener)
    emit:    count, then per event: internalId, dedupe, receivedAt, name, body,
             onlyForListeners (see ingestEvent)
  planWrite names every key applyWrite will touch (includes/declared); the script answers
  KEYS_MISSING before writing if one is not in KEYS. applyWrite then writes in the memory
  store's order: run, removals, additions (so one write can replace a listener), timer, queue,
  lease, emitted events. It answers whether the run's JSON left its trigger event to the log
  (includes/runJsonFor).

  Stamping: each added listener's own JSON comes without "afterSeq"; it gets the seq counter as it
  is now (appended as "as", afterSeq's short name in the stored form: src/stored-form.ts),
  before this write's emitted events are appended, formatted with %d (Lua re-encodes no
  other number). That is the ingestion position of this write, read inside it: events ingested
  before it have seq <= afterSeq, events ingested after it have seq > afterSeq.
]]
--- @include "includes/putRun"
--- @include "includes/addListener"
--- @include "includes/ingestEvent"
local function readWrite(argv, i)
  local w = {
    run = {
      id = argv[i], version = argv[i + 1], state = argv[i + 2], functionId = argv[i + 3],
      order = argv[i + 4], trigger = argv[i + 5], json = argv[i + 6], event = argv[i + 7],
      ended = argv[i + 8], canceller = argv[i + 9],
    },
    timer = argv[i + 10], enqueueAt = argv[i + 11], lease = argv[i + 12],
    stamp = argv[i + 13] == "1",
    removals = {}, additions = {}, emits = {},
  }
  i = i + 14
  for j = 1, tonumber(argv[i]) do
    w.removals[j] = argv[i + j]
  end
  i = i + tonumber(argv[i]) + 1
  for j = 1, tonumber(argv[i]) do
    local at = i + 1 + (j - 1) * 7
    w.additions[j] = {
      id = argv[at], event = argv[at + 1], indexed = argv[at + 2], signature = argv[at + 3],
      key = argv[at + 4], shape = argv[at + 5], own = argv[at + 6],
    }
  end
  i = i + tonumber(argv[i]) * 7 + 1
  for j = 1, tonumber(argv[i]) do
    local at = i + 1 + (j - 1) * 6
    w.emits[j] = {
      internalId = argv[at], dedupe = argv[at + 1], receivedAt = argv[at + 2],
      name = argv[at + 3], body = argv[at + 4], onlyForListeners = argv[at + 5],
    }
  end
  return w
end

local function planWrite(ctx, w)
  planRun(ctx, w.run)
  for _, id in ipairs(w.removals) do
    planRemoveListener(ctx.tag, ctx.listeners, ctx.shapes, id)
  end
  for _, l in ipairs(w.additions) do
    planAddListener(ctx.tag, ctx.listeners, ctx.shapes, l.id, l.event, l.indexed, l.signature,
      l.key)
  end
  for _, e in ipairs(w.emits) do
    need(eventOrderKey(ctx.tag, false))
    need(eventOrderKey(ctx.tag, e.name))
    if e.onlyForListeners == "1" then
      need(signaturesKey(ctx.tag, e.name))
      need(unindexedKey(ctx.tag, e.name))
    end
  end
end

local function applyWrite(ctx, w)
  local run = w.run
  local byReference = putRun(ctx, run)
  local afterSeq = false
  if w.stamp then
    afterSeq = string.format("%d", tonumber(redis.call("GET", ctx.log.seq) or "0"))
  end
  for _, id in ipairs(w.removals) do
    removeListener(ctx.tag, ctx.listeners, ctx.shapes, id)
  end
  for _, l in ipairs(w.additions) do
    local own = l.own
    if afterSeq then
      own = string.sub(own, 1, -2) .. ',"as":' .. afterSeq .. "}"
    end
    addListener(ctx.tag, ctx.listeners, ctx.shapes, l, own)
  end
  if w.timer == "-" then
    redis.call("ZREM", ctx.timers, run.id)
  elseif w.timer ~= "" then
    redis.call("ZADD", ctx.timers, w.timer, run.id)
  end
  if w.enqueueAt ~= "" then
    redis.call("ZADD", ctx.queue, w.enqueueAt, run.id)
  end
  if w.lease == "-" then
    redis.call("ZREM", ctx.leases, run.id)
  elseif w.lease ~= "" then
    redis.call("ZADD", ctx.leases, w.lease, run.id)
  end
  for _, e in ipairs(w.emits) do
    ingestEvent(ctx.log, ctx.windowMs, e.internalId, e.dedupe, e.receivedAt, e.name, e.body,
      e.onlyForListeners)
  end
  return byReference
end
