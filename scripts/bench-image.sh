#!/usr/bin/env bash
# Image benchmark, against a server this script starts itself (fresh data dir, free port, JAVA_OPTS=-Xmx256m
# unless set): create of BENCH_ITEMS (1000) images (median and p99 ms, one client), GET /v2/images over them
# with wrk (req/s, p99), then upload and download of a BENCH_MIB (1024) MiB image (MiB/s) while the server's
# RSS is sampled every 0.2 s (start, peak), so a body held in memory would show.
# Env: BENCH_ITEMS (1000), BENCH_MIB (1024), BENCH_CONNECTIONS (4), BENCH_DURATION (5s), BENCH_LIST_WARMUP (5s of uncached lists before they are measured), JAVA_OPTS.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"
N=${BENCH_ITEMS:-1000}
MIB=${BENCH_MIB:-1024}
CONN=${BENCH_CONNECTIONS:-4}
DUR=${BENCH_DURATION:-5s}
export JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
API="/usr/bin/python3 $ROOT/scripts/bench/api.py"
command -v wrk >/dev/null || { echo "bench-image: wrk missing (apt-get install wrk)" >&2; exit 1; }
xloud_find_java
xloud_ensure_jar
DATA=$(mktemp -d /tmp/xloud-bench-image.XXXXXX)
PORT=$(xloud_free_port)
SAMPLER=''
cleanup() { [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null; xloud_stop_bg; rm -rf "$DATA"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
xloud_start_bg "$DATA" "$PORT" XLOUD_RATE_LIMIT_PER_SECOND=0 >/dev/null 2>&1
TOKEN=$($API token "$XLOUD_URL" "$XLOUD_ADMIN_PASSWORD")
IMG=$XLOUD_URL/image/v2

echo "bench-image: JAVA_OPTS=$JAVA_OPTS, $N images, one client for creates; wrk -c $CONN -d $DUR for lists"
echo "bench-image: image create: $($API create "$XLOUD_URL" "$TOKEN" /image/v2/images - "$N" '{"name":"bench-img-{i}","disk_format":"raw","container_format":"bare"}' "$DATA/ids")"
wrk_list() {  # LABEL URL
    local out
    out=$(wrk -t 2 -c "$CONN" -d "$DUR" --latency -H "X-Auth-Token: $TOKEN" "$2")
    printf 'bench-image: %-40s %8s req/s  p99 %s\n' "$1" \
        "$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" "$(awk '$1 == "99%" { print $2 }' <<<"$out")"
}
wrk_list "GET /v2/images (default page)" "$IMG/images"
wrk_list "GET /v2/images?limit=1000" "$IMG/images?limit=1000"
wrk_list "GET /v2/images?name=bench-img-500" "$IMG/images?name=bench-img-500"
# repeated lists above are answered from the list cache (valid until the next write); the same rendered for every
# request: the server again, on the same data, with its list cache off (it stays off for the transfers)
xloud_stop_bg
xloud_start_bg "$DATA" "$PORT" XLOUD_RATE_LIMIT_PER_SECOND=0 XLOUD_LIST_CACHE_MB=0 >/dev/null 2>&1
curl -s -o /dev/null -H "X-Auth-Token: $TOKEN" "$IMG/images"
# not measured: the restarted server's JIT compiles the list paths first, as the cached runs had it compiled
wrk -t 2 -c "$CONN" -d "${BENCH_LIST_WARMUP:-5s}" -H "X-Auth-Token: $TOKEN" "$IMG/images?limit=1000" >/dev/null
wrk_list "GET /v2/images (default page, uncached)" "$IMG/images"
wrk_list "GET /v2/images?limit=1000 (uncached)" "$IMG/images?limit=1000"

# RSS sampler: one line per 0.2 s
( while kill -0 "$XLOUD_PID" 2>/dev/null; do ps -o rss= -p "$XLOUD_PID"; sleep 0.2; done ) > "$DATA/rss" &
SAMPLER=$!
rss_start=$(ps -o rss= -p "$XLOUD_PID")
ID=$(head -n1 "$DATA/ids")
t0=$(date +%s%N)
head -c $((MIB * 1024 * 1024)) /dev/zero | curl -s -o /dev/null -w '' -X PUT -H "X-Auth-Token: $TOKEN" \
    -H 'Content-Type: application/octet-stream' -H 'Transfer-Encoding: chunked' -T - "$IMG/images/$ID/file"
t1=$(date +%s%N)
curl -s -o /dev/null -H "X-Auth-Token: $TOKEN" "$IMG/images/$ID/file"
t2=$(date +%s%N)
kill "$SAMPLER" 2>/dev/null || true
SAMPLER=''
size=$(curl -s -H "X-Auth-Token: $TOKEN" "$IMG/images/$ID" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])')
echo "bench-image: upload $MIB MiB (size stored $size): $(awk -v m="$MIB" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f MiB/s", m / ((b - a) / 1e9) }')"
echo "bench-image: download $MIB MiB: $(awk -v m="$MIB" -v a="$t1" -v b="$t2" 'BEGIN { printf "%.0f MiB/s", m / ((b - a) / 1e9) }')"
echo "bench-image: server RSS at start $((rss_start / 1024)) MiB, peak during transfer $(sort -n "$DATA/rss" | tail -n1 | awk '{ printf "%.0f", $1 / 1024 }') MiB"
