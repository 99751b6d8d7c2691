--[[
  One run as getRun reads it: the values of its hash's fields, and its trigger event's stored
  JSON when the run's JSON leaves the event out (field "r" is "1": includes/runJsonFor).

  KEYS[1] the run's hash, {prefix}r:<runId>
  KEYS[2] events      hash internalId -> stored event JSON

  ARGV the hash fields to read (src/stored-form.ts, RUN_HASH_FIELDS; "t" and "r" among them)

  Reply: the values of ARGV in order (nil for a missing field), then the trigger event's JSON,
  or nil when the run has none to take from the log (or the run does not exist).
]]
local values = redis.call("HMGET", KEYS[1], unpack(ARGV))
local trigger, byReference = false, false
for i, field in ipairs(ARGV) do
  if field == "t" then
    trigger = values[i]
  elseif field == "r" then
    byReference = values[i] == "1"
  end
end
local event = false
if trigger and byReference then
  event = redis.call("HGET", KEYS[2], trigger)
end
values[#ARGV + 1] = event
return values
