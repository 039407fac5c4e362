-- wrk script: each request asks for the next path of a list, so one run
-- goes over many pages.  Usage: wrk ... -s rotate.lua URL -- PATHS_FILE
-- (one path a line, such as /m/valley-post/story/17/some-headline).
-- Each wrk thread starts at its own place in the list.

local threads = 0

function setup(thread)
    thread:set("offset", threads)
    threads = threads + 1
end

function init(args)
    requests = {}
    for line in io.lines(args[1]) do
        if line ~= "" then
            requests[#requests + 1] = wrk.format("GET", line)
        end
    end
    if #requests == 0 then
        error("no paths in " .. args[1])
    end
    next_one = ((offset or 0) * 97) % #requests
end

function request()
    next_one = next_one % #requests + 1
    return requests[next_one]
end
