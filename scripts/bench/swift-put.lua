-- wrk script: Swift 4 KiB PUTs. Path is the container URL; each request writes obj-<thread>-<n>.
-- Token from XLOUD_BENCH_TOKEN.
local token = os.getenv("XLOUD_BENCH_TOKEN")
local body = string.rep("x", 4096)
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    thread_id = id
end

function request()
    counter = counter + 1
    return wrk.format("PUT", wrk.path .. "/obj-" .. thread_id .. "-" .. counter,
        {["X-Auth-Token"] = token, ["Content-Type"] = "application/octet-stream"}, body)
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("BENCH rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d http_errors=%d socket_errors=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
