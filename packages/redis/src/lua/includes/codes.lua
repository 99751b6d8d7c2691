--[[
  Reply codes of the write scripts. src/errors.ts maps them to the store's error union, in one
  place; keep the two lists the same. KEYS_MISSING never leaves the store: src/declared-keys.ts
  adds the keys it names and sends the script again (includes/declared); nor does EVENT_NEEDED:
  src/runs.ts sends the write again with the run's trigger event (includes/putRun).
]]
local CODE = {
  OK = 0,
  RUN_NOT_FOUND = -1,
  VERSION_CONFLICT = -2,
  RUN_EXISTS = -3,
  CANCELLATION_CONFLICT = -4,
  SINGLETON_OCCUPIED = -5,
  KEYS_MISSING = -6,
  EVENT_NEEDED = -7,
}
