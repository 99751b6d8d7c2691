--[[
  Reply codes of the write scripts. src/errors.ts maps them to the store's error union, in one
  place; keep the two lists the same.
]]
local CODE = {
  OK = 0,
  RUN_NOT_FOUND = -1,
  VERSION_CONFLICT = -2,
  RUN_EXISTS = -3,
  CANCELLATION_CONFLICT = -4,
  SINGLETON_OCCUPIED = -5,
}
