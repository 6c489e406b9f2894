-- wrk script: token validate rate. GET /identity/v3/auth/tokens validating one admin token
-- (XLOUD_BENCH_TOKEN) with itself as X-Auth-Token and X-Subject-Token.
local token = os.getenv("XLOUD_BENCH_TOKEN") or error("XLOUD_BENCH_TOKEN not set")

wrk.method = "GET"
wrk.headers["X-Auth-Token"] = token
wrk.headers["X-Subject-Token"] = token

-- One machine-readable line for scripts/bench-identity.sh (wrk counts HTTP >= 400 as errors.status).
function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("BENCH rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d http_errors=%d socket_errors=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
