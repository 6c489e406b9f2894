-- wrk script: token issue rate. POST /identity/v3/auth/tokens with password auth for
-- admin (domain Default) scoped to project admin. Password from XLOUD_BENCH_PASSWORD.
local password = os.getenv("XLOUD_BENCH_PASSWORD") or "secret"
password = password:gsub("\\", "\\\\"):gsub('"', '\\"')   -- JSON string escaping

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format([[{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"name": "Default"}, "password": "%s"}}}, "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}]], password)

-- One machine-readable line for scripts/bench-identity.sh (wrk counts HTTP >= 400 as errors.status).
function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("BENCH rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d http_errors=%d socket_errors=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
