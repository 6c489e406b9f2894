#!/usr/bin/env bash
# Crash test for the identity store: while clients create users, the server is killed with SIGKILL;
# after a restart every user whose create returned 201 must exist, the database must open cleanly,
# and tokens issued before the crash must still validate. Repeats ROUNDS times (default 3).
# Ends with `crash-identity: N passed, N failed`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"
xloud_find_java
xloud_ensure_jar

ROUNDS=${ROUNDS:-3}
DATA=$(mktemp -d /tmp/xloud-crash.XXXXXX)
PORT=$(xloud_free_port)
PASS=0 FAIL=0
cleanup() { xloud_stop_bg; if [ "$FAIL" = 0 ]; then rm -rf "$DATA"; else echo "crash-identity: data kept in $DATA"; fi; }
trap cleanup EXIT

check() { # NAME CONDITION...
    local name=$1; shift
    if "$@"; then PASS=$((PASS + 1)); printf '  %-60s PASS\n' "$name"; else FAIL=$((FAIL + 1)); printf '  %-60s FAIL\n' "$name"; fi
}

token() {
    curl -s -D - -o /dev/null -X POST -H 'Content-Type: application/json' "$XLOUD_AUTH_URL/auth/tokens" \
        -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$XLOUD_ADMIN_PASSWORD\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}" \
        | tr -d '\r' | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }'
}

# writer N: creates users crash-N-i until the server dies, logging each name that got 201
writer() {
    local n=$1 i=0 code rc
    while true; do
        rc=0
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -X POST -H "X-Auth-Token: $TOKEN" \
            -H 'Content-Type: application/json' "$XLOUD_AUTH_URL/users" \
            -d "{\"user\":{\"name\":\"crash-$ROUND-$n-$i\",\"password\":\"pw\"}}") || rc=$?
        echo "$code" >> "$DATA/codes-$ROUND"
        [ "$code" = 201 ] && echo "crash-$ROUND-$n-$i" >> "$DATA/created-$ROUND"
        # refused, reset or cut off: the server is gone; a timeout on a loaded machine is not a death
        case $rc in 7|52|56) return 0 ;; esac
        i=$((i + 1))
    done
}

xloud_start_bg "$DATA" "$PORT" >/dev/null
TOKEN=$(token)
OLD_TOKEN=$TOKEN
for ROUND in $(seq 1 "$ROUNDS"); do
    echo "crash-identity: round $ROUND"
    : > "$DATA/created-$ROUND"
    pids=()
    for n in 1 2 3 4; do writer "$n" & pids+=($!); done
    # kill once writes are flowing (a loaded machine may take a while to answer the first), then a bit later
    for _ in $(seq 1 300); do [ -s "$DATA/created-$ROUND" ] && break; sleep 0.1; done
    sleep "$(awk -v r="$ROUND" 'BEGIN { printf "%.1f", 0.3 + r * 0.4 }')"
    kill -KILL "$XLOUD_PID"
    wait "$XLOUD_PID" 2>/dev/null || true
    XLOUD_PID=''
    wait "${pids[@]}" 2>/dev/null || true
    created=$(wc -l < "$DATA/created-$ROUND")
    check "round $ROUND: clients saw $created users created before the kill" test "$created" -gt 0
    check "round $ROUND: restart after SIGKILL" xloud_start_bg "$DATA" "$PORT"
    TOKEN=$(token)
    listed=$(curl -s -H "X-Auth-Token: $TOKEN" "$XLOUD_AUTH_URL/users" | /usr/bin/python3 -c 'import json,sys; print("\n".join(u["name"] for u in json.load(sys.stdin)["users"]))')
    missing=$(comm -23 <(sort "$DATA/created-$ROUND") <(echo "$listed" | sort) | wc -l)
    check "round $ROUND: every acknowledged create survived ($missing missing)" test "$missing" -eq 0
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $TOKEN" -H "X-Subject-Token: $OLD_TOKEN" "$XLOUD_AUTH_URL/auth/tokens")
    check "round $ROUND: a token issued before the crashes still validates" test "$status" = 200
done
# SIGTERM finishes requests in flight: a user create (a bcrypt hash, a quarter second) sent just before
# the signal still gets its 201, and the user is there after a restart.
echo "crash-identity: graceful stop"
(curl -s -o "$DATA/term-body" -w '%{http_code}' --max-time 30 -X POST -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' \
    "$XLOUD_AUTH_URL/users" -d '{"user":{"name":"sigterm-user","password":"a-password"}}' > "$DATA/term-status") &
curl_pid=$!
# signal only once the request is on an open connection to the server
for _ in $(seq 1 100); do
    ss -Htn state established "( dport = :$PORT )" 2>/dev/null | grep -q . && break
    sleep 0.05
done
sleep 0.1
kill -TERM "$XLOUD_PID"
wait "$curl_pid" || true
wait "$XLOUD_PID" 2>/dev/null || true
XLOUD_PID=''
check "a request in flight at SIGTERM completes (201)" test "$(cat "$DATA/term-status")" = 201
xloud_start_bg "$DATA" "$PORT" >/dev/null
TOKEN=$(token)
count=$(curl -s -H "X-Auth-Token: $TOKEN" "$XLOUD_AUTH_URL/users?name=sigterm-user" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["users"]))')
check "and its write is there after the restart, once ($count sigterm-user)" test "$count" = 1

echo "crash-identity: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
