--[[
  The JSON to store for a run (src/stored-form.ts): `run.json` is it without the trigger event,
  `run.event` the trigger event's JSON, compact as the log stores it (src/event-form.ts). When
  the event log (`eventsKey`) holds, under the run's triggerEventId, the same event byte for
  byte (its stored JSON is {"receivedAt", "payload": <the event>, "seq": <n>},
  includes/ingestEvent), the run's JSON
  leaves the event out and the second value is true: reading takes the event from the log
  (getRun-2; src/runs.ts), and a run and its trigger share one record. The log keeps an event
  while a stored run was triggered by it (includes/releaseEvent), so the record outlives the
  run. Otherwise (an event never ingested, or a payload that differs) the event goes back in
  the JSON, first, under its short name "e", and the second value is false. A `run.event` of
  "" keeps the log's (a write that knows the run is stored so: includes/putRun).
]]
local function runJsonFor(eventsKey, run)
  if run.event == "" then
    return run.json, true -- the log's already (includes/putRun checked it in the plan)
  end
  local stored = redis.call("HGET", eventsKey, run.trigger)
  if stored then
    local _, last = string.find(stored, '"payload":' .. run.event .. ',"seq":', 1, true)
    if last and string.find(stored, "^%d+}$", last + 1) then
      return run.json, true
    end
  end
  if run.json == "{}" then
    return '{"e":' .. run.event .. "}", false
  end
  return '{"e":' .. run.event .. "," .. string.sub(run.json, 2), false
end
