--[[
  The receivedAt of a stored event, as the text TypeScript wrote (so the score round-trips
  exactly; cjson would round it to 14 digits). Stored events start with {"receivedAt":N
  (src/event-form.ts), or {"internalId":"...","receivedAt":N when written before that form;
  anything else is decoded.
]]
local function receivedAtOf(json)
  local at = string.match(json, '^{"receivedAt":([^,}]+)')
    or string.match(json, '^{"internalId":"[^"\\]*","receivedAt":([^,}]+)')
  if at then
    return at
  end
  local ok, event = pcall(cjson.decode, json)
  if ok and type(event) == "table" and type(event["receivedAt"]) == "number" then
    return string.format("%.17g", event["receivedAt"])
  end
  return "0"
end
