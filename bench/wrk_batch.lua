-- wrk script for bench/bench_projection.py: POST one batch of serials per request, as NDJSON.
--
-- Usage: wrk ... -s bench/wrk_batch.lua URL -- BODIES_FILE SEED
--   BODIES_FILE  one JSON request body per line ({"on": ..., "items": [...]})
--   SEED         base of each thread's random seed
-- At the end one line "WRK_JSON {...}" as bench/wrk_serials.lua prints it.

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  bodies = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      bodies[#bodies + 1] = line
    end
  end
  math.randomseed(tonumber(args[2] or "1") + 7919 * (id or 1))
  headers = {["Content-Type"] = "application/json", ["Accept"] = "application/x-ndjson"}
end

function request()
  return wrk.format("POST", "/api/v1/coverage/batch", headers, bodies[math.random(#bodies)])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "mean": %.1f, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
