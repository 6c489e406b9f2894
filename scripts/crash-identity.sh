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
# SIGTERM finishes requests in flight: a user create that the server has taken up (it answered `100 Continue`
# to its headers) and that is signalled before its answer still gets its 201, and the user is there after a restart.
echo "crash-identity: graceful stop"
cat > "$DATA/in-flight.py" <<'PY'
import socket, sys, time
port, token, marker, out = sys.argv[1:5]
body = b'{"user":{"name":"sigterm-user","password":"a-password"}}'
status = "000"
try:
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=30)
    s.sendall(("POST /identity/v3/users HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nX-Auth-Token: %s\r\n"
               "Content-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
               % (port, token, len(body))).encode())
    data = b""
    def head():
        global data
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                raise EOFError("closed")
            data += chunk
        line, _, data = data.partition(b"\r\n\r\n")
        return line.split(b"\r\n")[0].split()[1].decode()
    status = head()
    if status == "100":
        open(marker, "w").close()
        # the signal comes now (the script polls for the marker every 50 ms), while the server waits for the body or
        # hashes the password; a body that stalled for longer than the shutdown's idle timeout (200 ms) would be cut off
        time.sleep(0.05)
        s.sendall(body)
        status = head()
except (OSError, EOFError, IndexError) as e:
    print("in-flight request: %s" % e, file=sys.stderr)
open(out, "w").write(status)
PY
rm -f "$DATA/term-dispatched"
/usr/bin/python3 "$DATA/in-flight.py" "$PORT" "$TOKEN" "$DATA/term-dispatched" "$DATA/term-status" &
client_pid=$!
for _ in $(seq 1 400); do [ -e "$DATA/term-dispatched" ] && break; sleep 0.05; done
kill -TERM "$XLOUD_PID"
wait "$client_pid" || true
wait "$XLOUD_PID" 2>/dev/null || true
XLOUD_PID=''
check "a request in flight at SIGTERM completes (201)" test "$(cat "$DATA/term-status")" = 201
xloud_start_bg "$DATA" "$PORT" >/dev/null
TOKEN=$(token)
count=$(curl -s -H "X-Auth-Token: $TOKEN" "$XLOUD_AUTH_URL/users?name=sigterm-user" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["users"]))')
check "and its write is there after the restart, once ($count sigterm-user)" test "$count" = 1

echo "crash-identity: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
