-- wrk script for bench/bench_check.py: GET one random unit per request.
--
-- Usage: wrk ... -s bench/wrk_serials.lua URL -- KEYS_FILE PREFIX SUFFIX SEED
--   KEYS_FILE  one "brand/serial" per line (a random sample of the loaded units)
--   PREFIX     path before the key, e.g. /api/v1/units/
--   SUFFIX     path after the key, e.g. /coverage?on=2025-06-01
--   SEED       base of each thread's random seed (the run is repeatable)
-- At the end one line "WRK_JSON {...}" gives the totals and latency percentiles in
-- microseconds, for the Python driver to parse.

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  keys = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      keys[#keys + 1] = line
    end
  end
  if #keys == 0 then
    error("no keys in " .. args[1])
  end
  prefix = args[2]
  suffix = args[3]
  math.randomseed(tonumber(args[4] or "1") + 7919 * (id or 1))
end

function request()
  return wrk.format("GET", prefix .. keys[math.random(#keys)] .. suffix)
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
