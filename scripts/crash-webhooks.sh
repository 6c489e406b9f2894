#!/usr/bin/env bash
# Crash test for webhook delivery: a subscription to every event (all projects) is created, then projects, users,
# a container and objects are created, updated and deleted while the receiver is down. The receiver then accepts
# connections but never answers, and Xloud is killed with SIGKILL while POSTs are in flight; it restarts on the
# same data, the receiver stays down RECEIVER_DOWN_SECONDS (default 60) more, then comes up. Every event of the
# feed must reach it at least once within DELIVER_TIMEOUT seconds (default 60) with a valid signature, the
# first arrivals of one resource's events in the feed's order, and the delivery log must show them all delivered.
# A second round kills Xloud while deliveries succeed (the receiver takes a second to answer after it has logged an
# event): what the receiver got but Xloud never recorded arrives again (at least once, deduplicated by event id).
# Ends with `crash-webhooks: N passed, N failed`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
# shellcheck source=scripts/lib/server.sh
. "$ROOT/scripts/lib/server.sh"
xloud_find_java
xloud_ensure_jar

RECEIVER_DOWN_SECONDS=${RECEIVER_DOWN_SECONDS:-60}
DELIVER_TIMEOUT=${DELIVER_TIMEOUT:-60}
DATA=$(mktemp -d /tmp/xloud-crash-webhooks.XXXXXX)
PORT=$(xloud_free_port)
SECRET="whsec-$RANDOM$RANDOM-crash"
PY=/usr/bin/python3
# fast retries so the test takes seconds, not the production minutes; a short POST timeout keeps the lease
# of a killed node's delivery (twice the timeout plus a second) at 7 s
SETTINGS=(XLOUD_EVENTS_POLL_INTERVAL_MS=100 XLOUD_EVENTS_RETRY_INITIAL_MS=200 XLOUD_EVENTS_RETRY_MAX_MS=2000
    XLOUD_EVENTS_DELIVERY_TIMEOUT_MS=3000)
PASS=0 FAIL=0
RECEIVER_PID=''
cleanup() {
    xloud_stop_bg
    if [ -n "$RECEIVER_PID" ]; then kill "$RECEIVER_PID" 2>/dev/null || true; wait "$RECEIVER_PID" 2>/dev/null || true; fi
    if [ "$FAIL" = 0 ]; then rm -rf "$DATA"; else echo "crash-webhooks: data kept in $DATA"; fi
}
trap cleanup EXIT

check() { # NAME CONDITION...
    local name=$1; shift
    if "$@"; then PASS=$((PASS + 1)); printf '  %-76s PASS\n' "$name"; else FAIL=$((FAIL + 1)); printf '  %-76s FAIL\n' "$name"; fi
}

# The receiver holds its port from start to end (bound but not listening while "down", so a connect is refused and
# no other process can take the port). SIGUSR1 moves it on: down -> stall (accepts, reads the request, logs the
# event id to `inflight`, never answers) -> down -> up (verifies the signature; logs valid events to `arrived`
# before answering 204, a second later while the file `slow` exists; bad ones to `bad` with a 401).
cat > "$DATA/receiver.py" <<'EOF'
import hashlib, hmac, json, os, signal, socket, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port_file, secret, arrived_file, bad_file, inflight_file, state_file, slow_file = sys.argv[1:8]
secret = secret.encode()
lock = threading.Lock()
phase = ["down"]
advance = threading.Event()
signal.signal(signal.SIGUSR1, lambda *_: advance.set())


def bound():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    return s


def append(path, line):
    with lock, open(path, "a") as f:
        f.write(line + "\n")


def state(name):
    phase[0] = name
    append(state_file, "%s %.3f" % (name, time.time()))


def wait_advance():
    while not advance.wait(0.2):
        pass
    advance.clear()


def stall(listener, held):
    listener.settimeout(0.2)
    while phase[0] == "stall":
        try:
            conn, _ = listener.accept()
        except OSError:
            continue
        held.append(conn)
        threading.Thread(target=read_head, args=(conn,), daemon=True).start()


def read_head(conn):
    conn.settimeout(10)
    data = b""
    try:
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
    except OSError:
        return
    for line in data.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"x-xloud-event-id":
            append(inflight_file, value.strip().decode())


class Hook(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        signature = self.headers.get("X-Xloud-Signature", "")
        expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
        header_id = self.headers.get("X-Xloud-Event-Id", "")
        try:
            event = json.loads(body)
        except ValueError:
            event = {}
        if not hmac.compare_digest(expected, signature) or event.get("id") != header_id or not header_id:
            append(bad_file, "%s %s %s" % (header_id or "-", signature or "-", body[:200]))
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        # logged before the 204: Xloud sends the next event of a resource only after this one's 2xx
        append(arrived_file, "%s %s %s/%s %s %.3f" % (event["id"], event["type"], event["resource_type"], event["resource_id"],
                                                       self.headers.get("X-Xloud-Delivery-Attempt", "-"), time.time()))
        if os.path.exists(slow_file):
            time.sleep(1)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


sock = bound()
sock.bind(("127.0.0.1", 0))
port = sock.getsockname()[1]
state("down")
with open(port_file + ".tmp", "w") as f:
    f.write("%d\n" % port)
os.rename(port_file + ".tmp", port_file)
wait_advance()

sock.listen(64)
held = []
state("stall")
threading.Thread(target=stall, args=(sock, held), daemon=True).start()
wait_advance()

# a second socket takes the port (SO_REUSEPORT) before the listener closes, so it is never free
down = bound()
down.bind(("127.0.0.1", port))
phase[0] = "closing"
sock.close()
for conn in held:
    try:
        conn.close()
    except OSError:
        pass
state("down")
wait_advance()

server = ThreadingHTTPServer(("127.0.0.1", port), Hook, bind_and_activate=False)
server.daemon_threads = True
server.socket.close()
server.socket = down
server.server_activate()
state("up")
server.serve_forever()
EOF

login() { # sets TOKEN and ACCOUNT
    local response
    response=$(curl -s -D "$DATA/login-headers" -X POST -H 'Content-Type: application/json' "$XLOUD_AUTH_URL/auth/tokens" \
        -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$XLOUD_ADMIN_PASSWORD\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}")
    TOKEN=$(tr -d '\r' < "$DATA/login-headers" | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }')
    ACCOUNT="$XLOUD_URL/object-store/v1/AUTH_$(echo "$response" | $PY -c 'import json,sys; print(json.load(sys.stdin)["token"]["project"]["id"])')"
}

api() { # METHOD URL [BODY]: prints the status; the response body goes to $DATA/body
    local method=$1 url=$2 body=()
    [ $# -lt 3 ] || body=(-H 'Content-Type: application/json' --data-binary "$3")
    curl -s -o "$DATA/body" -w '%{http_code}' --max-time 20 -X "$method" -H "X-Auth-Token: $TOKEN" "${body[@]}" "$url"
}

json_field() { # EXPRESSION over `d`, the JSON of $DATA/body; empty when the body is not what was expected
    $PY -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$DATA/body" 2>/dev/null || true
}

# feed FILE [MARKER]: every event of every project after MARKER, one `id type resource_type/resource_id` line each,
# following links.next (bounded)
feed() {
    local out=$1 url="$XLOUD_URL/events/v1/events?all_projects=true&limit=1000${2:+&marker=$2}" i
    : > "$out"
    for ((i = 0; i < 50 && ${#url} > 0; i++)); do
        curl -s --max-time 20 -H "X-Auth-Token: $TOKEN" "$url" > "$DATA/page.json"
        url=$($PY - "$DATA/page.json" "$out" <<'EOF'
import json, sys
page = json.load(open(sys.argv[1]))
with open(sys.argv[2], "a") as out:
    for e in page["events"]:
        out.write("%s %s %s/%s\n" % (e["id"], e["type"], e["resource_type"], e["resource_id"]))
print(page["links"].get("next") or "")
EOF
) || url=''
    done
}

# settled_feed FILE [MARKER]: the feed once two reads half a second apart agree (sequencing is asynchronous)
settled_feed() {
    local i
    feed "$1" "${2:-}"
    for ((i = 0; i < 20; i++)); do
        sleep 0.5
        feed "$1.again" "${2:-}"
        if cmp -s "$1" "$1.again"; then return 0; fi
        mv "$1.again" "$1"
    done
    echo "  the feed did not settle within 10 s" >&2
}

receiver_state() { tail -n 1 "$DATA/receiver-state" 2>/dev/null | cut -d' ' -f1; }

advance_receiver() { # NEXT_STATE: signals the receiver and waits (5 s at most) until it is there
    local i
    kill -USR1 "$RECEIVER_PID"
    for ((i = 0; i < 50; i++)); do
        [ "$(receiver_state)" = "$1" ] && [ "$(wc -l < "$DATA/receiver-state")" -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

: > "$DATA/arrived"
: > "$DATA/bad"
: > "$DATA/inflight"
$PY "$DATA/receiver.py" "$DATA/receiver-port" "$SECRET" "$DATA/arrived" "$DATA/bad" "$DATA/inflight" "$DATA/receiver-state" \
    "$DATA/slow" 2>"$DATA/receiver.log" &
RECEIVER_PID=$!
for _ in $(seq 1 50); do [ -s "$DATA/receiver-port" ] && break; sleep 0.1; done
HOOK_PORT=$(cat "$DATA/receiver-port")
HOOK_URL="http://127.0.0.1:$HOOK_PORT/hook"
down_code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST "$HOOK_URL" || true)
check "the receiver starts down (a POST to it gets no answer: $down_code)" test "$down_code" = 000

xloud_start_bg "$DATA/xloud" "$PORT" "${SETTINGS[@]}" >/dev/null
login
settled_feed "$DATA/before-subscription"
status=$(api POST "$XLOUD_URL/events/v1/subscriptions" \
    "{\"subscription\":{\"url\":\"$HOOK_URL\",\"event_types\":[\"*\"],\"secret\":\"$SECRET\",\"all_projects\":true}}")
check "subscription to every event of all projects created ($status)" test "$status" = 201
SUBSCRIPTION=$(json_field 'd["subscription"]["id"]')
settled_feed "$DATA/baseline"
BASELINE=$(tail -n 1 "$DATA/baseline" | cut -d' ' -f1)

# the changes: a project and a user (created, updated, deleted), a container with objects (created, overwritten,
# some deleted, metadata changed), and a second container emptied and deleted
failed_calls=0
call() { # EXPECTED METHOD URL [BODY]
    local expected=$1 code
    shift
    code=$(api "$@")
    if [ "$code" != "$expected" ]; then failed_calls=$((failed_calls + 1)); echo "  $1 $2 answered $code, not $expected" >&2; fi
}
call 201 POST "$XLOUD_AUTH_URL/projects" '{"project":{"name":"hook-project","domain_id":"default"}}'
project_id=$(json_field 'd["project"]["id"]')
call 200 PATCH "$XLOUD_AUTH_URL/projects/$project_id" '{"project":{"description":"changed"}}'
call 201 POST "$XLOUD_AUTH_URL/users" '{"user":{"name":"hook-user","password":"a-password","domain_id":"default"}}'
user_id=$(json_field 'd["user"]["id"]')
call 200 PATCH "$XLOUD_AUTH_URL/users/$user_id" '{"user":{"email":"hook@example.org"}}'
call 200 PATCH "$XLOUD_AUTH_URL/projects/$project_id" '{"project":{"enabled":false}}'
call 204 DELETE "$XLOUD_AUTH_URL/projects/$project_id"
call 204 DELETE "$XLOUD_AUTH_URL/users/$user_id"
call 201 PUT "$ACCOUNT/hooked"
for i in 1 2 3 4 5 6 7 8; do
    call 201 PUT "$ACCOUNT/hooked/object-$i" "body of object $i"
done
for i in 2 4 6; do call 201 PUT "$ACCOUNT/hooked/object-$i" "second body of object $i"; done
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -X POST -H "X-Auth-Token: $TOKEN" -H 'X-Container-Meta-Color: blue' "$ACCOUNT/hooked")
[ "$code" = 204 ] || { failed_calls=$((failed_calls + 1)); echo "  POST $ACCOUNT/hooked answered $code, not 204" >&2; }
call 204 DELETE "$ACCOUNT/hooked/object-3"
call 204 DELETE "$ACCOUNT/hooked/object-4"
call 201 PUT "$ACCOUNT/hooked/object-4" "object 4 again"
call 201 PUT "$ACCOUNT/scratch"
call 201 PUT "$ACCOUNT/scratch/only" "short-lived"
call 204 DELETE "$ACCOUNT/scratch/only"
call 204 DELETE "$ACCOUNT/scratch"
check "every change was accepted ($failed_calls refused)" test "$failed_calls" -eq 0

settled_feed "$DATA/expected-before" "$BASELINE"
before_count=$(wc -l < "$DATA/expected-before")
families=$(cut -d' ' -f2 "$DATA/expected-before" | awk -F. '{ print $1 "." $2 }' | sort -u)
wanted=$(echo "$families" | grep -cE '^(identity\.(project|user)|objectstore\.(container|object))$' || true)
check "the feed has $before_count events of $(echo "$families" | tr '\n' ' ' | sed 's/ $//')" test "$wanted" -eq 4

# the receiver stalls: POSTs connect, send, and wait for an answer that never comes; Xloud dies with them in flight
advance_receiver stall 2 || true
for _ in $(seq 1 100); do [ -s "$DATA/inflight" ] && break; sleep 0.1; done
sleep 0.5
kill -KILL "$XLOUD_PID"
wait "$XLOUD_PID" 2>/dev/null || true
XLOUD_PID=''
sort -u "$DATA/inflight" > "$DATA/inflight-at-kill"
inflight=$(wc -l < "$DATA/inflight-at-kill")
check "deliveries were in flight when Xloud was killed ($inflight events)" test "$inflight" -gt 0
arrived_early=$(wc -l < "$DATA/arrived")
check "nothing was delivered while the receiver was down or stalled ($arrived_early)" test "$arrived_early" -eq 0
advance_receiver down 3 || true

check "restart after SIGKILL" xloud_start_bg "$DATA/xloud" "$PORT" "${SETTINGS[@]}"
restarted=$SECONDS
login
settled_feed "$DATA/expected" "$BASELINE"
expected=$(wc -l < "$DATA/expected")
same_prefix() { head -n "$before_count" "$DATA/expected" | cmp -s - "$DATA/expected-before"; }
check "the feed after the restart starts with the same $before_count events ($expected in all)" same_prefix
echo "crash-webhooks: receiver down ${RECEIVER_DOWN_SECONDS}s more while Xloud retries"
sleep "$(( RECEIVER_DOWN_SECONDS > SECONDS - restarted ? RECEIVER_DOWN_SECONDS - (SECONDS - restarted) : 0 ))"
down_attempts=$(api GET "$XLOUD_URL/events/v1/subscriptions/$SUBSCRIPTION/deliveries?limit=1000" >/dev/null; \
    json_field 'sum(x["attempts"] for x in d["deliveries"])')
advance_receiver up 4 || true
up_at=$(awk '$1 == "up" { print $2 }' "$DATA/receiver-state")

missing=$expected
deadline=$((SECONDS + DELIVER_TIMEOUT))
while [ "$SECONDS" -lt "$deadline" ]; do
    missing=$(comm -23 <(cut -d' ' -f1 "$DATA/expected" | sort -u) <(cut -d' ' -f1 "$DATA/arrived" | sort -u) | wc -l)
    [ "$missing" -eq 0 ] && break
    sleep 0.2
done
last_first=$(awk '!seen[$1]++ { t = $5 } END { print t }' "$DATA/arrived")
took=$(awk -v a="$up_at" -v b="$last_first" 'BEGIN { if (b == "") print "-"; else printf "%.1f", b - a }')
echo "crash-webhooks: $expected events, $down_attempts attempts while the receiver was away, all in ${took}s after it came up"
check "every one of the $expected events arrived ($missing missing after ${DELIVER_TIMEOUT}s)" test "$missing" -eq 0
lost_inflight=$(comm -23 "$DATA/inflight-at-kill" <(cut -d' ' -f1 "$DATA/arrived" | sort -u) | wc -l)
check "the events in flight at the kill arrived after the restart ($lost_inflight missing)" test "$lost_inflight" -eq 0

# round 2: the receiver is up but answers a second after logging; more changes, and Xloud dies right after an
# event was logged, before its 204 could be recorded
echo "crash-webhooks: round 2, killed while deliveries succeed"
touch "$DATA/slow"
failed_calls=0
call 201 POST "$XLOUD_AUTH_URL/projects" '{"project":{"name":"hook-project-2","domain_id":"default"}}'
project_id=$(json_field 'd["project"]["id"]')
for i in $(seq 1 10); do call 200 PATCH "$XLOUD_AUTH_URL/projects/$project_id" "{\"project\":{\"description\":\"version $i\"}}"; done
call 201 POST "$XLOUD_AUTH_URL/users" '{"user":{"name":"hook-user-2","password":"a-password","domain_id":"default"}}'
user_id=$(json_field 'd["user"]["id"]')
for i in 1 2 3; do call 200 PATCH "$XLOUD_AUTH_URL/users/$user_id" "{\"user\":{\"description\":\"version $i\"}}"; done
call 201 PUT "$ACCOUNT/second"
for i in 1 2 3 4 5; do call 201 PUT "$ACCOUNT/second/object-$i" "body of object $i"; done
for i in 1 2 3 4 5; do call 201 PUT "$ACCOUNT/second/object-$i" "second body of object $i"; done
for i in 1 2; do call 204 DELETE "$ACCOUNT/second/object-$i"; done
check "round 2: every change was accepted ($failed_calls refused)" test "$failed_calls" -eq 0
# no waiting for the feed here: the project's eleven events take eleven seconds to deliver, one after the other
seen=$(wc -l < "$DATA/arrived")
for _ in $(seq 1 200); do [ "$(wc -l < "$DATA/arrived")" -gt "$seen" ] && break; sleep 0.05; done
kill -KILL "$XLOUD_PID"
wait "$XLOUD_PID" 2>/dev/null || true
XLOUD_PID=''
at_kill=$(cut -d' ' -f1 "$DATA/arrived" | sort -u | wc -l)
check "round 2: restart after SIGKILL" xloud_start_bg "$DATA/xloud" "$PORT" "${SETTINGS[@]}"
killed_at=$SECONDS
login
settled_feed "$DATA/expected" "$BASELINE"
expected=$(wc -l < "$DATA/expected")
check "round 2: Xloud was killed with $((expected - at_kill)) of $expected events still to deliver" test "$at_kill" -lt "$expected"
missing=$expected
deadline=$((SECONDS + DELIVER_TIMEOUT))
while [ "$SECONDS" -lt "$deadline" ]; do
    missing=$(comm -23 <(cut -d' ' -f1 "$DATA/expected" | sort -u) <(cut -d' ' -f1 "$DATA/arrived" | sort -u) | wc -l)
    [ "$missing" -eq 0 ] && break
    sleep 0.2
done
echo "crash-webhooks: round 2, $expected events in all, the rest delivered $((SECONDS - killed_at))s after the restart (a 1 s answer each)"
check "round 2: every one of the $expected events arrived ($missing missing after ${DELIVER_TIMEOUT}s)" test "$missing" -eq 0
rm -f "$DATA/slow"

bad=$(wc -l < "$DATA/bad")
check "every POST carried a valid signature and its event id ($bad bad)" test "$bad" -eq 0
settled_feed "$DATA/final" "$BASELINE"
unexpected=$(comm -13 <(cut -d' ' -f1 "$DATA/final" | sort -u) <(cut -d' ' -f1 "$DATA/arrived" | sort -u) | wc -l)
check "nothing arrived that is not in the feed ($unexpected)" test "$unexpected" -eq 0

# per resource, the first arrivals follow the feed's order (the whole feed, read once everything arrived)
out_of_order=$($PY - "$DATA/final" "$DATA/arrived" <<'EOF'
import sys
def by_resource(path, first_only):
    seen, order = set(), {}
    for line in open(path):
        event_id, _, resource = line.split()[:3]
        if first_only and event_id in seen:
            continue
        seen.add(event_id)
        order.setdefault(resource, []).append(event_id)
    return order
feed, arrived = by_resource(sys.argv[1], False), by_resource(sys.argv[2], True)
print(sum(1 for resource, ids in feed.items() if arrived.get(resource, []) != ids))
EOF
)
resources=$(cut -d' ' -f3 "$DATA/final" | sort -u | wc -l)
check "each of $resources resources' events arrived in feed order ($out_of_order out of order)" test "$out_of_order" -eq 0

# the receiver notes a POST when it reads it and answers a second later: Xloud records the last deliveries only then
deadline=$((SECONDS + 15))
while true; do
    status=$(api GET "$XLOUD_URL/events/v1/subscriptions/$SUBSCRIPTION/deliveries?limit=1000")
    not_delivered=$(json_field 'sum(1 for x in d["deliveries"] if x["state"] != "delivered")')
    logged=$(json_field 'len(d["deliveries"])')
    [ "$status" = 200 ] && [ "${not_delivered:-1}" -eq 0 ] && [ "${logged:-0}" -ge "$expected" ] && break
    [ "$SECONDS" -lt "$deadline" ] || break
    sleep 0.2
done
check "the delivery log shows all $logged deliveries delivered ($not_delivered not)" test "$status" = 200 -a "$not_delivered" -eq 0 -a "$logged" -ge "$expected"
# counted once all are recorded delivered: a repeat of a POST that was in flight at the kill comes only after its lease ran out
duplicates=$(( $(wc -l < "$DATA/arrived") - $(cut -d' ' -f1 "$DATA/arrived" | sort -u | wc -l) ))
check "what the receiver got but Xloud had not recorded came again ($(wc -l < "$DATA/arrived") POSTs, $duplicates repeats)" \
    test "$duplicates" -gt 0
echo "crash-webhooks: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
