#!/usr/bin/env bash
# Networking benchmark, against a server this script starts itself (fresh data dir, free port):
# create of BENCH_ITEMS (1000) networks and of 1000 ports on one network (median and p99 ms, one client),
# then lists of 1000 networks and of 1000 ports with wrk (req/s and p99 over BENCH_DURATION at BENCH_CONNECTIONS):
# repeated lists are answered from the list cache (valid until the next write, see PageCache), so they are measured
# again with the server restarted with XLOUD_LIST_CACHE_MB=0, rendering every answer;
# then delete of the ports and networks (median ms).
# Env: BENCH_ITEMS (1000), BENCH_CONNECTIONS (4), BENCH_DURATION (5s), BENCH_WARMUP (300 creates and deletes of
# networks and of ports before the measured ones), BENCH_LIST_WARMUP (5s of each uncached list before it is measured), JAVA_OPTS.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"
N=${BENCH_ITEMS:-1000}
CONN=${BENCH_CONNECTIONS:-4}
DUR=${BENCH_DURATION:-5s}
WARMUP=${BENCH_WARMUP:-300}
API="/usr/bin/python3 $ROOT/scripts/bench/api.py"
command -v wrk >/dev/null || { echo "bench-network: wrk missing (apt-get install wrk)" >&2; exit 1; }
xloud_find_java
xloud_ensure_jar
DATA=$(mktemp -d /tmp/xloud-bench-net.XXXXXX)
PORT=$(xloud_free_port)
cleanup() { xloud_stop_bg; rm -rf "$DATA"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# unlimited quotas and rate, so the benchmark measures the service
xloud_start_bg "$DATA" "$PORT" XLOUD_RATE_LIMIT_PER_SECOND=0 >/dev/null 2>&1
TOKEN=$($API token "$XLOUD_URL" "$XLOUD_ADMIN_PASSWORD")
NET=$XLOUD_URL/networking/v2.0
PROJECT=$(curl -s -H "X-Auth-Token: $TOKEN" -H "X-Subject-Token: $TOKEN" "$XLOUD_AUTH_URL/auth/tokens" \
    | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"]["project"]["id"])')
curl -s -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' "$NET/quotas/$PROJECT" \
    -d '{"quota":{"network":-1,"subnet":-1,"port":-1}}'

echo "bench-network: $N networks, $N ports, one client for creates; wrk -c $CONN -d $DUR for lists"
# warm-up (not measured): the JIT compiles the create and delete paths, as on any server that has served a while
$API create "$XLOUD_URL" "$TOKEN" /networking/v2.0/networks network "$WARMUP" '{"name":"warm-net-{i}"}' "$DATA/warm-nets" >/dev/null
$API delete "$XLOUD_URL" "$TOKEN" /networking/v2.0/networks "$DATA/warm-nets" >/dev/null
echo "bench-network: network create: $($API create "$XLOUD_URL" "$TOKEN" /networking/v2.0/networks network "$N" '{"name":"bench-net-{i}"}' "$DATA/nets")"
HOST_NET=$(head -n1 "$DATA/nets")
curl -s -o /dev/null -X POST -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' "$NET/subnets" \
    -d "{\"subnet\":{\"network_id\":\"$HOST_NET\",\"cidr\":\"10.200.0.0/16\",\"ip_version\":4}}"
$API create "$XLOUD_URL" "$TOKEN" /networking/v2.0/ports port "$WARMUP" "{\"network_id\":\"$HOST_NET\",\"name\":\"warm-port-{i}\"}" "$DATA/warm-ports" >/dev/null
$API delete "$XLOUD_URL" "$TOKEN" /networking/v2.0/ports "$DATA/warm-ports" >/dev/null
echo "bench-network: port create:    $($API create "$XLOUD_URL" "$TOKEN" /networking/v2.0/ports port "$N" "{\"network_id\":\"$HOST_NET\",\"name\":\"bench-port-{i}\"}" "$DATA/ports")"

wrk_list() {  # LABEL URL
    local out
    out=$(wrk -t 2 -c "$CONN" -d "$DUR" --latency -H "X-Auth-Token: $TOKEN" "$2")
    printf 'bench-network: %-40s %8s req/s  p99 %s\n' "$1" \
        "$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" "$(awk '$1 == "99%" { print $2 }' <<<"$out")"
}
count() { curl -s -H "X-Auth-Token: $TOKEN" "$1" | /usr/bin/python3 -c "import json,sys; print(len(json.load(sys.stdin)['$2']))"; }
echo "bench-network: GET /v2.0/networks returns $(count "$NET/networks" networks), /v2.0/ports returns $(count "$NET/ports" ports)"
wrk_list "GET /v2.0/networks (all)" "$NET/networks"
wrk_list "GET /v2.0/ports (all)" "$NET/ports"
wrk_list "GET /v2.0/networks?limit=25" "$NET/networks?limit=25"
wrk_list "GET /v2.0/ports?name=bench-port-500" "$NET/ports?name=bench-port-500"
# the same lists rendered for every request: the server again, on the same data, with its list cache off
xloud_stop_bg
xloud_start_bg "$DATA" "$PORT" XLOUD_RATE_LIMIT_PER_SECOND=0 XLOUD_LIST_CACHE_MB=0 >/dev/null 2>&1
curl -s -o /dev/null -H "X-Auth-Token: $TOKEN" "$NET/networks"
# not measured: the restarted server's JIT compiles the list paths first, as the cached runs had it compiled
wrk -t 2 -c "$CONN" -d "${BENCH_LIST_WARMUP:-5s}" -H "X-Auth-Token: $TOKEN" "$NET/networks" >/dev/null
wrk -t 2 -c "$CONN" -d "${BENCH_LIST_WARMUP:-5s}" -H "X-Auth-Token: $TOKEN" "$NET/ports" >/dev/null
wrk_list "GET /v2.0/networks (all, uncached)" "$NET/networks"
wrk_list "GET /v2.0/ports (all, uncached)" "$NET/ports"

echo "bench-network: port delete:    $($API delete "$XLOUD_URL" "$TOKEN" /networking/v2.0/ports "$DATA/ports")"
curl -s -o /dev/null -X DELETE -H "X-Auth-Token: $TOKEN" "$NET/subnets/$(curl -s -H "X-Auth-Token: $TOKEN" "$NET/subnets?network_id=$HOST_NET" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["subnets"][0]["id"])')"
echo "bench-network: network delete: $($API delete "$XLOUD_URL" "$TOKEN" /networking/v2.0/networks "$DATA/nets")"
echo "bench-network: server RSS $(ps -o rss= -p "$XLOUD_PID" | awk '{ printf "%.0f MiB", $1 / 1024 }')"
