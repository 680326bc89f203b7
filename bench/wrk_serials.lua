-- wrk script for bench/bench_check.py: GET one random unit per request.
--
-- Usage: wrk ... -s bench/wrk_serials.lua URL -- KEYS_FILE PREFIX SUFFIX SEED
--   KEYS_FILE  one "brand/serial" per line (a random sample of the loaded units)
--   PREFIX     path before the key, e.g. /api/v1/units/
--   SUFFIX     path after the key, e.g. /coverage?on=2025-06-01
--   SEED       base of each thread's random seed (the run is repeatable)
-- At the end one line "WRK_JSON {...}" gives the totals and latency percentiles in
-- microseconds, for the Python driver to parse (bench/wrk_common.lua).

local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_common.lua")

setup = common.setup
done = common.done

function init(args)
  keys = common.lines(args[1])
  prefix = args[2]
  suffix = args[3]
  common.seed(args[4], id)
end

function request()
  return wrk.format("GET", prefix .. keys[math.random(#keys)] .. suffix)
end
