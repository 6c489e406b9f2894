-- wrk script: one request per line of XLOUD_BENCH_URLS (presigned S3 URLs, or Swift object paths with a
-- token), round robin; PUT sends a 4 KiB body. XLOUD_BENCH_METHOD is PUT or GET.
local method = os.getenv("XLOUD_BENCH_METHOD") or "GET"
local token = os.getenv("XLOUD_BENCH_TOKEN")
local file = os.getenv("XLOUD_BENCH_URLS") or error("XLOUD_BENCH_URLS not set")
local paths = {}
for line in io.lines(file) do
    paths[#paths + 1] = line
end
local body = string.rep("x", 4096)
local counter = 0
local offset = 0

function setup(thread)
    thread:set("offset", offset)
    offset = offset + 7919
end

function init(args)
    counter = tonumber(offset) or 0
end

function request()
    counter = counter + 1
    local path = paths[(counter % #paths) + 1]
    local headers = {}
    if token then
        headers["X-Auth-Token"] = token
    end
    if method == "PUT" then
        headers["Content-Type"] = "application/octet-stream"
        return wrk.format("PUT", path, headers, body)
    end
    return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("BENCH rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d http_errors=%d socket_errors=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
