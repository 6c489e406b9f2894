-- wrk script: Swift 4 KiB GETs of get-0 .. get-255 under the container URL. Token from XLOUD_BENCH_TOKEN.
local token = os.getenv("XLOUD_BENCH_TOKEN")

function request()
    return wrk.format("GET", wrk.path .. "/get-" .. math.random(0, 255), {["X-Auth-Token"] = token})
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("BENCH rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d http_errors=%d socket_errors=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
