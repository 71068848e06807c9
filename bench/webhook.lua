-- wrk script: POST the Alertmanager payload from bench/alert.json.
-- WEBHOOK_MODE=distinct (default) gives every request its own summary, so every webhook is its own push;
-- WEBHOOK_MODE=identical sends the same body each time, so pushes in flight are joined by the bridge.
-- At the end prints one line: RESULT rps=.. p50_us=.. p99_us=.. requests=.. non2xx=.. errors=..
local dir = os.getenv("BENCH_DIR") or "bench"
local f = assert(io.open(dir .. "/alert.json", "rb"))
local template = f:read("*a")
f:close()
local mode = os.getenv("WEBHOOK_MODE") or "distinct"

local threads = {}
local counter = 0
local prefix = ""

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = tostring(tid or 0) .. "-" .. tostring(math.random(1, 1000000000))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = template
end

function request()
  if mode == "identical" then
    return wrk.format("POST", nil, nil, template)
  end
  counter = counter + 1
  local body = template:gsub("pipeline heartbeat", "pipeline heartbeat " .. prefix .. "-" .. counter)
  return wrk.format("POST", nil, nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d non2xx=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
