-- wrk script for bench/bench_projection.py: POST one batch of serials per request, as NDJSON.
--
-- Usage: wrk ... -s bench/wrk_batch.lua URL -- BODIES_FILE SEED
--   BODIES_FILE  one JSON request body per line ({"on": ..., "items": [...]})
--   SEED         base of each thread's random seed
-- At the end one line "WRK_JSON {...}" (bench/wrk_common.lua).

local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_common.lua")

setup = common.setup
done = common.done

function init(args)
  bodies = common.lines(args[1])
  common.seed(args[2], id)
  headers = {["Content-Type"] = "application/json", ["Accept"] = "application/x-ndjson"}
end

function request()
  return wrk.format("POST", "/api/v1/coverage/batch", headers, bodies[math.random(#bodies)])
end
