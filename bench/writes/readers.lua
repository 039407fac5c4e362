-- wrk script: bench/site/rotate.lua's walk over a list of paths, with each
-- connection pausing BENCH_READ_PAUSE_MS (default 10) between its requests,
-- so that readers come at a steady pace instead of taking every core.
-- Usage: wrk ... -s readers.lua URL -- PATHS_FILE
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "../site/rotate.lua")

local pause = tonumber(os.getenv("BENCH_READ_PAUSE_MS") or "10")

function delay()
    return pause
end
