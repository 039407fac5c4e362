-- wrk script of the soak benchmark: a reader of front and story pages.
-- Usage: SOAK_WINDOW_FILE=OUT wrk ... -s read.lua URL -- PATHS_FILE DELAY_MS
--
-- Each connection asks for the paths of PATHS_FILE in turn (one a line;
-- each thread starts at its own place), waiting DELAY_MS between the
-- answer and its next request, so the load is a steady one, not as much
-- as the machine can take. At the end it writes to $SOAK_WINDOW_FILE the
-- request and error counts and wrk's latency histogram (microseconds,
-- after wrk's correction for coordinated omission), so that windows can
-- be merged into exact percentiles:
--   requests N / duration_us N / errors CONNECT READ WRITE STATUS TIMEOUT
--   latency MICROSECONDS COUNT   (one line per value seen)

local threads = 0

function setup(thread)
    thread:set("start_at", threads)
    threads = threads + 1
end

function init(args)
    paths = {}
    for line in io.lines(args[1]) do
        if line ~= "" then
            table.insert(paths, wrk.format("GET", line))
        end
    end
    assert(#paths > 0, "no paths in " .. args[1])
    pause = tonumber(args[2] or "0")
    at = ((start_at or 0) * 13) % #paths
end

function request()
    at = at % #paths + 1
    return paths[at]
end

function delay()
    return pause
end

function done(summary, latency, requests)
    local out = assert(io.open(assert(os.getenv("SOAK_WINDOW_FILE")), "w"))
    local e = summary.errors
    out:write(string.format("requests %d\nduration_us %d\nerrors %d %d %d %d %d\n",
        summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout))
    for i = 1, #latency do
        local value, count = latency(i)
        out:write(string.format("latency %d %d\n", value, count))
    end
    out:close()
end
