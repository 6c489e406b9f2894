#!/usr/bin/env bash
# List benchmark: GET /identity/v3/users filtered by name over BENCH_USERS (100000) users, against a server this
# script starts itself (fresh data dir, free port). The users are written straight into the database while the
# server is stopped (embedded H2 by default; BENCH_DB_URL=jdbc:postgresql://... for PostgreSQL, user/password xloud),
# then the server is restarted and each query is timed with curl (best and median of BENCH_REPEAT requests) and
# with wrk (requests per second over BENCH_DURATION at BENCH_CONNECTIONS).
# Env: BENCH_USERS (100000), BENCH_REPEAT (20), BENCH_CONNECTIONS (4), BENCH_DURATION (5s), JAVA_OPTS.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"

USERS=${BENCH_USERS:-100000}
REPEAT=${BENCH_REPEAT:-20}
CONN=${BENCH_CONNECTIONS:-4}
DUR=${BENCH_DURATION:-5s}
DB_URL=${BENCH_DB_URL:-}
command -v curl >/dev/null || { echo "bench-lists: curl missing" >&2; exit 1; }

xloud_find_java
xloud_ensure_jar
DATA=$(mktemp -d /tmp/xloud-bench-lists.XXXXXX)
PORT=$(xloud_free_port)
cleanup() { xloud_stop_bg; rm -rf "$DATA"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
export XLOUD_RATE_LIMIT_PER_SECOND=0
DB_ARGS=()
if [ -n "$DB_URL" ]; then
    DB_ARGS=(XLOUD_DB_URL="$DB_URL" XLOUD_DB_USER=xloud XLOUD_DB_PASSWORD=xloud)
fi

# 1. a first start migrates and bootstraps, then the server stops so the embedded database is free
xloud_start_bg "$DATA" "$PORT" "${DB_ARGS[@]}" >/dev/null 2>&1
xloud_stop_bg

# 2. the users, in one statement (ids and names unique, all in the Default domain, no password)
echo "bench-lists: writing $USERS users into the database"
t0=$(date +%s%N)
LIB=$(dirname "$XLOUD_JAR")/lib
if [ -z "$DB_URL" ]; then
    "$JAVA_HOME/bin/java" -cp "$LIB/*" org.h2.tools.Shell \
        -url "jdbc:h2:file:$DATA/xloud;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" -user "" -password "" \
        -sql "INSERT INTO users (id, name, domain_id, enabled, created_at) SELECT 'b' || LPAD(CAST(x AS VARCHAR), 31, '0'), 'bench-user-' || x, 'default', TRUE, 0 FROM SYSTEM_RANGE(1, $USERS) AS r(x)" >/dev/null
else
    "$JAVA_HOME/bin/java" -cp "$LIB/*" org.h2.tools.Shell -driver org.postgresql.Driver \
        -url "$DB_URL" -user xloud -password xloud \
        -sql "INSERT INTO users (id, name, domain_id, enabled, created_at) SELECT 'b' || LPAD(CAST(x AS VARCHAR), 31, '0'), 'bench-user-' || x, 'default', TRUE, 0 FROM generate_series(1, $USERS) AS x" >/dev/null
fi
t1=$(date +%s%N)
echo "bench-lists: written in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')s"

# 3. restart, take an admin token
xloud_start_bg "$DATA" "$PORT" "${DB_ARGS[@]}" >/dev/null 2>&1
BODY=$DATA/auth.json
/usr/bin/python3 - "$XLOUD_ADMIN_PASSWORD" > "$BODY" <<'PY'
import json, sys
print(json.dumps({"auth": {
    "identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"name": "Default"}, "password": sys.argv[1]}}},
    "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}))
PY
TOKEN=$(curl -s -D - -o /dev/null --max-time 10 -X POST -H 'Content-Type: application/json' \
    --data-binary @"$BODY" "$XLOUD_AUTH_URL/auth/tokens" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }')
[ -n "$TOKEN" ] || { echo "bench-lists: no token" >&2; exit 1; }

# time_query LABEL QUERY: best and median latency over REPEAT requests (after 3 warm-up requests), and the count
time_query() {
    local label=$1 url="$XLOUD_AUTH_URL/users?$2" i count times
    for i in 1 2 3; do curl -s -o /dev/null -H "X-Auth-Token: $TOKEN" "$url"; done
    count=$(curl -s -H "X-Auth-Token: $TOKEN" "$url" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["users"]))')
    times=$(for ((i = 0; i < REPEAT; i++)); do
        curl -s -o /dev/null -w '%{time_total}\n' -H "X-Auth-Token: $TOKEN" "$url"
    done | sort -n)
    printf 'bench-lists: %-34s %6s users  best %6.1f ms  median %6.1f ms\n' "$label" "$count" \
        "$(echo "$times" | head -n1 | awk '{ print $1 * 1000 }')" \
        "$(echo "$times" | awk -v n="$REPEAT" 'NR == int((n + 1) / 2) { print $1 * 1000 }')"
}

DB_NAME="embedded H2"
[ -n "$DB_URL" ] && DB_NAME=PostgreSQL
echo "bench-lists: $USERS users + admin, $DB_NAME"
time_query "name=bench-user-54321" "name=bench-user-54321"
time_query "name=absent" "name=absent"
time_query "name__startswith=bench-user-5432" "name__startswith=bench-user-5432"
time_query "name__icontains=USER-5432 (scan)" "name__icontains=USER-5432"
time_query "domain_id=default&enabled=false" "domain_id=default&enabled=false"

if command -v wrk >/dev/null; then
    echo "bench-lists: wrk, $CONN connections, $DUR: GET /v3/users?name=bench-user-54321"
    wrk -t 2 -c "$CONN" -d "$DUR" -H "X-Auth-Token: $TOKEN" "$XLOUD_AUTH_URL/users?name=bench-user-54321" \
        | awk '/Requests\/sec|Latency/ { print "bench-lists:   " $0 }'
fi
