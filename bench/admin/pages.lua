-- wrk script: bench/site/rotate.lua's walk over a list of paths, each
-- request carrying the admin's session cookie from BENCH_COOKIE
-- (NAME=VALUE), so every request is a signed-in editor's.
-- Usage: BENCH_COOKIE=... wrk ... -s pages.lua URL -- PATHS_FILE
local cookie = os.getenv("BENCH_COOKIE")
if cookie == nil or cookie == "" then
    error("BENCH_COOKIE is not set")
end
wrk.headers["Cookie"] = cookie

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "../site/rotate.lua")
