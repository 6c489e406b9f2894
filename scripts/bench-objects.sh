#!/usr/bin/env bash
# Object storage benchmark (Swift face) against a server this script starts itself (fresh data dir, free port,
# JAVA_OPTS=-Xmx256m unless set, so that streaming is shown to need no heap):
#   1. 4 KiB PUT operations per second    (wrk, scripts/bench/swift-put.lua)
#   2. 4 KiB GET operations per second    (wrk, scripts/bench/swift-get.lua)
#   3. MiB/s for a 1 GiB object uploaded (chunked) and downloaded with curl
#   4. peak RSS of the server (VmHWM) before and after the 1 GiB transfers: it stays flat while bytes stream
# Env: BENCH_CONNECTIONS (32), BENCH_DURATION (10s), BENCH_THREADS (2), BENCH_BIG_MIB (1024).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"

CONN=${BENCH_CONNECTIONS:-32}
DUR=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
BIG_MIB=${BENCH_BIG_MIB:-1024}
export JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
command -v wrk >/dev/null || { echo "bench-objects: wrk missing (apt-get install wrk)" >&2; exit 1; }

xloud_find_java
xloud_ensure_jar
DATA=$(mktemp -d /tmp/xloud-bench-objects.XXXXXX)
PORT=$(xloud_free_port)
cleanup() { xloud_stop_bg; rm -rf "$DATA"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
export XLOUD_RATE_LIMIT_PER_SECOND=0
xloud_start_bg "$DATA" "$PORT" >/dev/null

response=$(curl -s -D "$DATA/headers" -X POST -H 'Content-Type: application/json' "$XLOUD_AUTH_URL/auth/tokens" \
    -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$XLOUD_ADMIN_PASSWORD\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}")
TOKEN=$(tr -d '\r' < "$DATA/headers" | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }')
PROJECT=$(echo "$response" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"]["project"]["id"])')
CONTAINER=$XLOUD_URL/object-store/v1/AUTH_$PROJECT/bench
export XLOUD_BENCH_TOKEN=$TOKEN
curl -s -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" "$CONTAINER"
head -c 4096 /dev/urandom > "$DATA/4k"
for i in $(seq 0 255); do
    curl -s -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" --data-binary @"$DATA/4k" "$CONTAINER/get-$i"
done

rss_mib() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$XLOUD_PID/status"; }
bench() { # NAME LUA -> sets RPS
    local out
    echo "bench-objects: $1, $CONN connections, $DUR"
    out=$(wrk -t"$THREADS" -c"$CONN" -d"$DUR" --timeout 10s --latency -s "$2" "$CONTAINER")
    sed 's/^/    /' <<<"$out" | grep -E 'Latency|Requests/sec|BENCH|Non-2xx'
    RPS=$(grep '^BENCH' <<<"$out" | sed -E 's/.*rps=([0-9.]+).*/\1/')
}
bench "4 KiB PUT" "$ROOT/scripts/bench/swift-put.lua"; PUT_OPS=$RPS
bench "4 KiB GET" "$ROOT/scripts/bench/swift-get.lua"; GET_OPS=$RPS
RSS_BEFORE=$(rss_mib)

echo "bench-objects: ${BIG_MIB} MiB in and out"
t0=$(date +%s%N)
head -c "$((BIG_MIB * 1024 * 1024))" /dev/zero | curl -s -o /dev/null -w '    PUT %{http_code}\n' -X PUT -H "X-Auth-Token: $TOKEN" \
    -H 'Transfer-Encoding: chunked' -T - "$CONTAINER/big"
t1=$(date +%s%N)
curl -s -o /dev/null -w '    GET %{http_code} %{size_download} bytes\n' -H "X-Auth-Token: $TOKEN" "$CONTAINER/big"
t2=$(date +%s%N)
IN_MIBS=$(awk -v a="$t0" -v b="$t1" -v m="$BIG_MIB" 'BEGIN { printf "%.0f", m / ((b - a) / 1e9) }')
OUT_MIBS=$(awk -v a="$t1" -v b="$t2" -v m="$BIG_MIB" 'BEGIN { printf "%.0f", m / ((b - a) / 1e9) }')
RSS_AFTER=$(rss_mib)

echo "bench-objects: swift put_4k_ops=$PUT_OPS get_4k_ops=$GET_OPS put_${BIG_MIB}mib_mibs=$IN_MIBS get_${BIG_MIB}mib_mibs=$OUT_MIBS" \
    "peak_rss_mib_before_big=$RSS_BEFORE peak_rss_mib_after_big=$RSS_AFTER (JAVA_OPTS=$JAVA_OPTS)"
