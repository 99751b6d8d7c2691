--[[
  One page of runs, newest first (createdAt desc, then id desc): a k-way merge of the state sets
  the filter names, each read from the page's upper bound with ZREVRANGEBYLEX.

  No KEYS: the state sets' names derive from the prefix (includes/runIndexKey.lua).

  ARGV[1] namespace prefix
  ARGV[2] "1" to list one function, "0" for all
  ARGV[3] the function id (when ARGV[2] is "1")
  ARGV[4] page size (> 0)
  ARGV[5] upper bound, a ZREVRANGEBYLEX max ("+", "(" .. member or "[" .. member)
  ARGV[6] lower bound, a ZREVRANGEBYLEX min ("-" or "[" .. member)
  ARGV[7..] the states to list, without repeats

  Reply: {more (1 if another page exists, else 0), last member served or "", {runJsons}}.
]]
--- @include "includes/runIndexKey"
--- @include "includes/runKey"
--- @include "includes/bytesGreater"
local prefix, limit = ARGV[1], tonumber(ARGV[4])
local functionId = ARGV[2] == "1" and ARGV[3]
local lists, heads = {}, {}
for i = 7, #ARGV do
  local key = runIndexKey(prefix, functionId, ARGV[i])
  lists[#lists + 1] = redis.call("ZREVRANGEBYLEX", key, ARGV[5], ARGV[6], "LIMIT", 0, limit + 1)
  heads[#lists] = 1
end
local picked = {}
while #picked <= limit do
  local best = nil
  for s = 1, #lists do
    local member = lists[s][heads[s]]
    if member and (best == nil or bytesGreater(member, lists[best][heads[best]])) then
      best = s
    end
  end
  if best == nil then
    break
  end
  picked[#picked + 1] = lists[best][heads[best]]
  heads[best] = heads[best] + 1
end
local served = math.min(#picked, limit)
local runs = {}
for i = 1, served do
  local json = redis.call("HGET", runKey(prefix, string.sub(picked[i], 17)), "j")
  if json then
    runs[#runs + 1] = json
  end
end
return { #picked > limit and 1 or 0, picked[served] or "", runs }
