-- What the wrk scripts in bench/ share: per-thread seeds, reading a file of lines, and the
-- one "WRK_JSON {...}" line at the end that the Python drivers parse.
--
-- Loaded by each script with dofile (wrk loads a script once per thread and once for
-- setup/done), so each Lua state gets its own copy:
--   local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./")
--     .. "wrk_common.lua")

local common = {}

local counter = 0

-- wrk's setup(thread): number the threads, so each seeds its random source apart.
function common.setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

-- The non-empty lines of a file; an error naming the file when there is none.
function common.lines(path)
  local found = {}
  for line in io.lines(path) do
    if #line > 0 then
      found[#found + 1] = line
    end
  end
  if #found == 0 then
    error("no lines in " .. path)
  end
  return found
end

-- Seed this thread's random source from the run's seed and the thread's id (repeatable).
function common.seed(base, thread_id)
  math.randomseed(tonumber(base or "1") + 7919 * (thread_id or 1))
end

-- wrk's done(): the totals and latency percentiles in microseconds, as one JSON line.
function common.done(summary, latency, requests)
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

return common
