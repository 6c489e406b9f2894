-- wrk script: token issue rate with the token method (re-scoping an admin token, no bcrypt on the path).
-- POST /identity/v3/auth/tokens {"auth": {"identity": {"methods": ["token"], "token": {"id": XLOUD_BENCH_TOKEN}}, scope: admin}}
local token = os.getenv("XLOUD_BENCH_TOKEN") or error("XLOUD_BENCH_TOKEN not set")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"auth": {"identity": {"methods": ["token"], "token": {"id": "' .. token .. '"}}, '
    .. '"scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}'

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("BENCH rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d http_errors=%d socket_errors=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
