#!/usr/bin/env bash
# Two Xloud processes on one PostgreSQL and one data directory act as one cloud:
# both start at once on an empty database and bootstrap exactly once; a token issued by one validates
# on the other; a revocation and a role removal on one are honoured by the other within two seconds;
# an object one writes, the other lists and reads at once.
# Ends with `multinode: N passed, N failed`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"
xloud_find_java
xloud_ensure_jar

"$ROOT/scripts/pg.sh" start >/dev/null
"$ROOT/scripts/pg.sh" dropdb xloud_multinode >/dev/null 2>&1 || true
DB_URL=$("$ROOT/scripts/pg.sh" createdb xloud_multinode)
DATA=$(mktemp -d /tmp/xloud-multinode.XXXXXX)
PORT_A=$(xloud_free_port)
PORT_B=$(xloud_free_port)
PASS=0 FAIL=0
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do xloud_stop_bg "$pid"; done
    if [ "$FAIL" = 0 ]; then rm -rf "$DATA"; else echo "multinode: logs kept in $DATA"; fi
}
trap cleanup EXIT

check() {
    local name=$1; shift
    if "$@"; then PASS=$((PASS + 1)); printf '  %-66s PASS\n' "$name"; else FAIL=$((FAIL + 1)); printf '  %-66s FAIL\n' "$name"; fi
}

start_node() { # PORT LOG: both nodes share DATA and the database; each has its own log
    env XLOUD_ADMIN_PASSWORD="$XLOUD_ADMIN_PASSWORD" XLOUD_DB_URL="$DB_URL" XLOUD_DB_USER=xloud XLOUD_DB_PASSWORD=xloud \
        "$JAVA_HOME/bin/java" $(xloud_jvm_opts "$XLOUD_JAR") ${JAVA_OPTS:-} -jar "$XLOUD_JAR" serve \
        --listen "127.0.0.1:$1" --data-dir "$DATA" --public-url "http://127.0.0.1:$1" >>"$2" 2>&1 </dev/null &
    PIDS+=($!)
}
healthy() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/healthz" 2>/dev/null; }
wait_healthy() {
    local deadline=$((SECONDS + 60))
    until healthy "$1"; do [ "$SECONDS" -lt "$deadline" ] || return 1; sleep 0.2; done
}
# token PORT USER PASSWORD PROJECT
token() {
    curl -s -D - -o /dev/null -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$1/identity/v3/auth/tokens" \
        -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"$2\",\"domain\":{\"id\":\"default\"},\"password\":\"$3\"}}},\"scope\":{\"project\":{\"name\":\"$4\",\"domain\":{\"id\":\"default\"}}}}}" \
        | tr -d '\r' | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }'
}
call() { # METHOD PORT PATH TOKEN [BODY] -> prints status
    curl -s -o /dev/null -w '%{http_code}' -X "$1" -H "X-Auth-Token: $4" -H 'Content-Type: application/json' \
        ${5:+-d "$5"} "http://127.0.0.1:$2/identity/v3$3"
}
json() { curl -s -H "X-Auth-Token: $3" "http://127.0.0.1:$1/identity/v3$2"; }
# within_two_seconds PORT TOKEN: the token is refused (401) on PORT within 2 s
refused_within_two_seconds() {
    local start=$SECONDS i
    for ((i = 0; i < 40; i++)); do
        [ "$(call GET "$1" /auth/projects "$2")" = 401 ] && return 0
        sleep 0.05
    done
    return 1
}

echo "multinode: starting two nodes at once on $DB_URL"
start_node "$PORT_A" "$DATA/node-a.log"
start_node "$PORT_B" "$DATA/node-b.log"
check "node A healthy" wait_healthy "$PORT_A"
check "node B healthy" wait_healthy "$PORT_B"

ADMIN_A=$(token "$PORT_A" admin "$XLOUD_ADMIN_PASSWORD" admin)
ADMIN_B=$(token "$PORT_B" admin "$XLOUD_ADMIN_PASSWORD" admin)
admins=$(json "$PORT_A" '/users?name=admin' "$ADMIN_A" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["users"]))')
check "bootstrapped exactly once (one admin user)" test "$admins" = 1
domains=$(json "$PORT_B" '/domains?name=Default' "$ADMIN_B" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["domains"]))')
check "bootstrapped exactly once (one Default domain)" test "$domains" = 1
check "a token issued by A validates on B" test "$(call GET "$PORT_B" /auth/projects "$ADMIN_A")" = 200

project_id=$(curl -s -X POST -H "X-Auth-Token: $ADMIN_B" -H 'Content-Type: application/json' -d '{"project":{"name":"mn-project"}}' \
    "http://127.0.0.1:$PORT_B/identity/v3/projects" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["project"]["id"])')
user_id=$(curl -s -X POST -H "X-Auth-Token: $ADMIN_B" -H 'Content-Type: application/json' -d '{"user":{"name":"mn-user","password":"mn-pw"}}' \
    "http://127.0.0.1:$PORT_B/identity/v3/users" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["id"])')
member=$(json "$PORT_B" '/roles?name=member' "$ADMIN_B" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["roles"][0]["id"])')
check "role granted on B" test "$(call PUT "$PORT_B" "/projects/$project_id/users/$user_id/roles/$member" "$ADMIN_B")" = 204

USER_TOKEN=$(token "$PORT_A" mn-user mn-pw mn-project)
check "user authenticates on A right after the grant on B" test -n "$USER_TOKEN"
check "user token works on A" test "$(call GET "$PORT_A" /auth/projects "$USER_TOKEN")" = 200
check "role removal on B" test "$(call DELETE "$PORT_B" "/projects/$project_id/users/$user_id/roles/$member" "$ADMIN_B")" = 204
check "A refuses the user's token within 2 s of the role removal on B" refused_within_two_seconds "$PORT_A" "$USER_TOKEN"

call PUT "$PORT_B" "/projects/$project_id/users/$user_id/roles/$member" "$ADMIN_B" >/dev/null
USER_TOKEN=$(token "$PORT_B" mn-user mn-pw mn-project)
check "user token works on B" test "$(call GET "$PORT_B" /auth/projects "$USER_TOKEN")" = 200
status=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "X-Auth-Token: $ADMIN_A" -H "X-Subject-Token: $USER_TOKEN" \
    "http://127.0.0.1:$PORT_A/identity/v3/auth/tokens")
check "token revoked on A" test "$status" = 204
check "B refuses the revoked token within 2 s" refused_within_two_seconds "$PORT_B" "$USER_TOKEN"

# objects: one shared engine; what A writes, B lists and reads at once
PROJECT=$(curl -s -H "X-Auth-Token: $ADMIN_A" -H "X-Subject-Token: $ADMIN_A" "http://127.0.0.1:$PORT_A/identity/v3/auth/tokens" \
    | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"]["project"]["id"])')
SWIFT_A=http://127.0.0.1:$PORT_A/object-store/v1/AUTH_$PROJECT
SWIFT_B=http://127.0.0.1:$PORT_B/object-store/v1/AUTH_$PROJECT
check "container created on A" test "$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "X-Auth-Token: $ADMIN_A" "$SWIFT_A/shared")" = 201
head -c 1048576 /dev/urandom > "$DATA/object"
check "object written on A" test "$(curl -s -o /dev/null -w '%{http_code}' -T "$DATA/object" -H "X-Auth-Token: $ADMIN_A" "$SWIFT_A/shared/one")" = 201
check "B lists it at once" bash -c "curl -s -H 'X-Auth-Token: $ADMIN_B' '$SWIFT_B/shared' | grep -qx one"
check "B reads the same bytes" bash -c "curl -s -H 'X-Auth-Token: $ADMIN_B' '$SWIFT_B/shared/one' | cmp -s - '$DATA/object'"
check "deleted on B, gone on A" bash -c "[ \$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H 'X-Auth-Token: $ADMIN_B' '$SWIFT_B/shared/one') = 204 ] \
    && [ \$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Auth-Token: $ADMIN_A' '$SWIFT_A/shared/one') = 404 ]"

echo "multinode: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
