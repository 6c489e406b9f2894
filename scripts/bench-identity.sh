#!/usr/bin/env bash
# Identity benchmark against a server this script starts itself (fresh data dir, free port):
#   1. start to first token: from launching java until POST /identity/v3/auth/tokens first answers 201,
#      on a new data directory (bootstrap), and on restarts of that directory once every service has started in it
#   2. token validate rate  (wrk, scripts/bench/validate.lua), and the peak RSS through it (VmHWM)
#   3. token issue rates    (wrk, scripts/bench/issue.lua, issue-token.lua)
#   4. peak RSS of the server over the whole run (VmHWM)
# Env: BENCH_CONNECTIONS (16), BENCH_DURATION (10s), BENCH_THREADS (2), BENCH_WARMUP (3s, 0 = none),
#      BENCH_RESTARTS (5: restarts timed, the median printed), JAVA_OPTS (passed to the server), XLOUD_* (server settings, inherited).
# Traffic goes to 127.0.0.1 only; every wrk run is bounded by its duration.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"

CONN=${BENCH_CONNECTIONS:-16}
DUR=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
RESTART_RUNS=${BENCH_RESTARTS:-5}
WARMUP=${BENCH_WARMUP:-3s}
command -v wrk >/dev/null || { echo "bench: wrk missing (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: curl missing" >&2; exit 1; }

xloud_find_java
xloud_ensure_jar
DATA=$(mktemp -d /tmp/xloud-bench.XXXXXX)
PORT=$(xloud_free_port)
cleanup() { xloud_stop_bg; if [ "${KEEP_DATA:-0}" = 1 ]; then echo "bench: data kept in $DATA"; else rm -rf "$DATA"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

TOKENS_URL=http://127.0.0.1:$PORT/identity/v3/auth/tokens
BODY=$DATA/auth.json
/usr/bin/python3 - "$XLOUD_ADMIN_PASSWORD" > "$BODY" <<'PY'
import json, sys
print(json.dumps({"auth": {
    "identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"name": "Default"}, "password": sys.argv[1]}}},
    "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}))
PY
auth_status() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST \
        -H 'Content-Type: application/json' --data-binary @"$BODY" "$TOKENS_URL" 2>/dev/null || true
}

# The benchmark measures the service, not the limiter: per-user rate limiting is off for this run.
export XLOUD_RATE_LIMIT_PER_SECOND=0

# The start-up cache (scripts/lib/java.sh) is recorded by a build's first run; a user's later starts have it,
# so one recording run comes first when this build has none yet.
JAR_DIR=$(dirname "$XLOUD_JAR")
if [ "${XLOUD_CDS:-1}" != 0 ] && [ ! "$JAR_DIR/xloud.aot" -nt "$XLOUD_JAR" ] && [ ! "$JAR_DIR/xloud.jsa" -nt "$XLOUD_JAR" ]; then
    echo "bench: first run of this build, recording the start-up cache"
    xloud_start_bg "$DATA.cds" "$PORT" >/dev/null
    curl -s -o /dev/null --max-time 10 -X POST -H 'Content-Type: application/json' --data-binary @"$BODY" "$TOKENS_URL" || true
    xloud_stop_bg
    rm -rf "$DATA.cds"
fi

# start_to_token: launch on $DATA, wait for the first 201 from the token API; sets START_S to the seconds it took
# (not in a subshell: XLOUD_PID must reach this shell, to stop the server later)
start_to_token() {
    local t0 t1 deadline
    t0=$(date +%s%N)
    xloud_launch_bg "$DATA" "$PORT"
    deadline=$((SECONDS + 120))
    until [ "$(auth_status)" = 201 ]; do
        if ! kill -0 "$XLOUD_PID" 2>/dev/null; then
            echo "bench: server exited; last lines of $XLOUD_LOG:" >&2; tail -n 40 "$XLOUD_LOG" >&2; exit 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "bench: no token after 120s; last lines of $XLOUD_LOG:" >&2; tail -n 40 "$XLOUD_LOG" >&2; exit 1
        fi
        sleep 0.01
    done
    t1=$(date +%s%N)
    START_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
}

# ---- 1. start to first token: a first start (bootstrap of a new data directory), then a restart on it
echo "bench: starting Xloud on 127.0.0.1:$PORT (JAVA_OPTS=${JAVA_OPTS:-none})"
start_to_token
FIRST_TOKEN_S=$START_S
echo "bench: first start, first token after ${FIRST_TOKEN_S}s"
# the services that tokens do not need start a second later; the restart is measured on a data directory that
# holds all of them, as a user's does (/healthz answers once every service started)
curl -fsS -o /dev/null --max-time 120 "http://127.0.0.1:$PORT/healthz"
xloud_stop_bg
# restarts vary by a few tenths of a second from one to the next on a shared machine: the median of several
RESTARTS=()
for i in $(seq 1 "$RESTART_RUNS"); do
    start_to_token
    RESTARTS+=("$START_S")
    echo "bench: restart $i, first token after ${START_S}s"
    [ "$i" = "$RESTART_RUNS" ] || xloud_stop_bg
done
read -r RESTART_TOKEN_S RESTART_MIN RESTART_MAX < <(printf '%s\n' "${RESTARTS[@]}" | sort -n | awk '{ v[NR] = $1 }
    END { printf "%s %s %s\n", (NR % 2 ? v[(NR + 1) / 2] : sprintf("%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2)), v[1], v[NR] }')

# One admin token for the validate run.
TOKEN=$(curl -s -D - -o /dev/null --max-time 10 -X POST -H 'Content-Type: application/json' \
    --data-binary @"$BODY" "$TOKENS_URL" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }')
[ -n "$TOKEN" ] || { echo "bench: no X-Subject-Token in the auth response" >&2; exit 1; }

# run_wrk NAME LUA URL: prints wrk's output, sets R_<field> from the BENCH line.
run_wrk() {
    local name=$1 lua=$2 url=$3 out line
    if [ "$WARMUP" != 0 ] && [ "$WARMUP" != 0s ]; then
        echo "bench: $name warm-up $WARMUP"
        wrk -t"$THREADS" -c"$CONN" -d"$WARMUP" --timeout 10s -s "$lua" "$url" >/dev/null
    fi
    echo "bench: $name, $CONN connections, $DUR"
    out=$(wrk -t"$THREADS" -c"$CONN" -d"$DUR" --timeout 10s --latency -s "$lua" "$url")
    # shellcheck disable=SC2001
    sed 's/^/    /' <<<"$out"
    line=$(grep '^BENCH ' <<<"$out" | tail -n1)
    R_rps=$(sed -n 's/.*rps=\([^ ]*\).*/\1/p' <<<"$line")
    R_p50=$(sed -n 's/.*p50_ms=\([^ ]*\).*/\1/p' <<<"$line")
    R_p99=$(sed -n 's/.*p99_ms=\([^ ]*\).*/\1/p' <<<"$line")
    R_req=$(sed -n 's/.*requests=\([^ ]*\).*/\1/p' <<<"$line")
    R_err=$(sed -n 's/.*http_errors=\([^ ]*\).*/\1/p' <<<"$line")
    R_sock=$(sed -n 's/.*socket_errors=\([^ ]*\).*/\1/p' <<<"$line")
}

export XLOUD_BENCH_TOKEN=$TOKEN
# ---- 2. token validate, first: the peak RSS through it is a figure of its own
run_wrk "token validate" "$ROOT/scripts/bench/validate.lua" "$TOKENS_URL"
VALIDATE=("$R_rps" "$R_p50" "$R_p99" "$R_req" "$R_err" "$R_sock")

VALIDATE_HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$XLOUD_PID/status")

# ---- 3. token issue
export XLOUD_BENCH_PASSWORD=$XLOUD_ADMIN_PASSWORD
run_wrk "token issue" "$ROOT/scripts/bench/issue.lua" "$TOKENS_URL"
ISSUE=("$R_rps" "$R_p50" "$R_p99" "$R_req" "$R_err" "$R_sock")

# ---- 3b. token issue with the token method: the issue path itself, without a quarter second of bcrypt
export XLOUD_BENCH_TOKEN=$TOKEN
run_wrk "token issue (token method)" "$ROOT/scripts/bench/issue-token.lua" "$TOKENS_URL"
REISSUE=("$R_rps" "$R_p50" "$R_p99" "$R_req" "$R_err" "$R_sock")

# ---- 4. peak RSS (VmHWM: the high-water mark of resident memory since start)
HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$XLOUD_PID/status")
RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$XLOUD_PID/status")

echo
echo "Xloud identity benchmark ($(nproc) cores, wrk -t$THREADS -c$CONN -d$DUR, JAVA_OPTS=${JAVA_OPTS:-none})"
printf '  %-24s %14s %10s %10s %10s %8s\n' metric value p50_ms p99_ms requests errors
printf '  %-24s %12s s\n' "first start to token" "$FIRST_TOKEN_S"
printf '  %-24s %12s s   (median of %s; %s-%s s)\n' "restart to first token" "$RESTART_TOKEN_S" "$RESTART_RUNS" "$RESTART_MIN" "$RESTART_MAX"
printf '  %-24s %8s req/s %10s %10s %10s %8s\n' "token issue (password)" "${ISSUE[0]}" "${ISSUE[1]}" "${ISSUE[2]}" "${ISSUE[3]}" \
    "$((ISSUE[4] + ISSUE[5]))"
printf '  %-24s %8s req/s %10s %10s %10s %8s\n' "token issue (token auth)" "${REISSUE[0]}" "${REISSUE[1]}" "${REISSUE[2]}" \
    "${REISSUE[3]}" "$((REISSUE[4] + REISSUE[5]))"
printf '  %-24s %8s req/s %10s %10s %10s %8s\n' "token validate" "${VALIDATE[0]}" "${VALIDATE[1]}" "${VALIDATE[2]}" \
    "${VALIDATE[3]}" "$((VALIDATE[4] + VALIDATE[5]))"
printf '  %-24s %10s MiB\n' "peak RSS, validate" "$((VALIDATE_HWM_KB / 1024))"
printf '  %-24s %10s MiB\n' "peak RSS (VmHWM)" "$((HWM_KB / 1024))"
printf '  %-24s %10s MiB\n' "RSS at end (VmRSS)" "$((RSS_KB / 1024))"
if [ "$((ISSUE[4] + ISSUE[5] + REISSUE[4] + REISSUE[5] + VALIDATE[4] + VALIDATE[5]))" -gt 0 ]; then
    echo "bench: WARNING: some requests failed (HTTP >= 400 or socket errors); rates include them" >&2
fi
