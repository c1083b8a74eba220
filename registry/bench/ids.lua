-- wrk script: GET /schemas/ids/1..MAX_ID round-robin. The requests are formatted once in
-- init() so that the load generator spends its time on the network, not in Lua.
local requests = {}
local next_index = 0

function init(args)
  local max = tonumber(args[1] or "1000")
  for id = 1, max do
    requests[id] = wrk.format("GET", "/schemas/ids/" .. id)
  end
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
