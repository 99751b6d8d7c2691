--[[
  One page of runs, newest first (createdAt desc, then id desc): a k-way merge of the state sets
  the filter names, each read from the page's upper bound with ZREVRANGEBYLEX. It answers order
  members only: the client reads the runs' hashes next ({prefix}r:<runId>, unknown until the
  merge is done), a read that is not atomic with this one.

  KEYS[1..] the state sets to merge, without repeats: {prefix}x:s:<state>, or
            {prefix}x:f:<state>:<functionId> to list one function (src/keys.ts, runIndexKey)

  ARGV[1] page size (> 0)
  ARGV[2] upper bound, a ZREVRANGEBYLEX max ("+", "(" .. member or "[" .. member)
  ARGV[3] lower bound, a ZREVRANGEBYLEX min ("-" or "[" .. member)

  Reply: {more (1 if another page exists, else 0), {members served}}.
]]
--- @include "includes/bytesGreater"
local limit = tonumber(ARGV[1])
local lists, heads = {}, {}
for i = 1, #KEYS do
  lists[i] = redis.call("ZREVRANGEBYLEX", KEYS[i], ARGV[2], ARGV[3], "LIMIT", 0, limit + 1)
  heads[i] = 1
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
local more = #picked > limit and 1 or 0
picked[limit + 1] = nil
return { more, picked }
