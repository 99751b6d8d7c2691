--[[
  Append events to the ingestion log in one atomic step (SPEC R3, §5).

  KEYS[1] seq         counter (INCR): the total order of ingestion
  KEYS[2] events      hash internalId -> stored event JSON
  KEYS[3] pending     sorted set internalId by seq: ingested, not yet processed
  KEYS[4] dedupeIds   hash user event id -> internalId of its first event
  KEYS[5] dedupeAt    sorted set user event id by receivedAt of its first event
  KEYS[6] eventsIdle  sorted set internalId by receivedAt: what retention may delete
  KEYS[7..] the listEvents sets the events join: {prefix}ev:o and {prefix}ev:o:<name> for each
            of their names (src/keys.ts, eventOrderKey); then, for each name of an event only
            for listeners, its signatures hash and unindexed set (read, never written)

  ARGV[1] the namespace's hash tag, {prefix} (includes/eventOrderKey names the sets from it)
  ARGV[2] dedupe window in ms (compared on receivedAt, never on Redis' clock)
  ARGV[3] the namespace's work channel (a pub/sub channel, not a key: src/work-signal.ts)
  ARGV[4] the ingesting store's origin id, the message published there when an event was
          ingested: other processes wake as the events land, before this reply is read
  ARGV[5..] per event, 6 values: internalId, dedupe ("" or "=" .. user id), receivedAt, name,
            body (the stored event's JSON without "seq"), onlyForListeners ("1" or "0")

  Reply: one {tag, value} per event, in order: {1, seq} ingested, {0, internalId} a duplicate
  of that first event, {2, storedJson} the internalId was already stored (a resent command).
]]
--- @include "includes/ingestEvent"
local log = {
  seq = KEYS[1], events = KEYS[2], pending = KEYS[3], dedupeIds = KEYS[4], dedupeAt = KEYS[5],
  eventsIdle = KEYS[6], tag = ARGV[1],
}
local windowMs = tonumber(ARGV[2])
local out = {}
local ingested = false
for i = 5, #ARGV, 6 do
  local tag, value = ingestEvent(log, windowMs, ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3],
    ARGV[i + 4], ARGV[i + 5])
  out[#out + 1] = { tag, value }
  ingested = ingested or tag == 1
end
if ingested then
  redis.call("PUBLISH", ARGV[3], ARGV[4])
end
return out
